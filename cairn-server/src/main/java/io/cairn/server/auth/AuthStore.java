package io.cairn.server.auth;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.cairn.api.AuthDisableResponse;
import io.cairn.api.AuthEnableResponse;
import io.cairn.api.AuthRoleAddResponse;
import io.cairn.api.AuthRoleDeleteResponse;
import io.cairn.api.AuthRoleGetResponse;
import io.cairn.api.AuthRoleGrantPermissionRequest;
import io.cairn.api.AuthRoleGrantPermissionResponse;
import io.cairn.api.AuthRoleListResponse;
import io.cairn.api.AuthRoleRevokePermissionRequest;
import io.cairn.api.AuthRoleRevokePermissionResponse;
import io.cairn.api.AuthUserAddResponse;
import io.cairn.api.AuthUserChangePasswordResponse;
import io.cairn.api.AuthUserDeleteResponse;
import io.cairn.api.AuthUserGetResponse;
import io.cairn.api.AuthUserGrantRoleRequest;
import io.cairn.api.AuthUserGrantRoleResponse;
import io.cairn.api.AuthUserListResponse;
import io.cairn.api.AuthUserRevokeRoleRequest;
import io.cairn.api.AuthUserRevokeRoleResponse;
import io.cairn.api.AuthenticateResponse;
import io.cairn.api.Compare;
import io.cairn.api.DeleteRangeRequest;
import io.cairn.api.RequestOp;
import io.cairn.api.TxnRequest;
import io.cairn.api.Permission;
import io.cairn.api.Role;
import io.cairn.api.User;
import io.cairn.api.internal.AuthUserAddEntry;
import io.cairn.api.internal.AuthenticateEntry;
import io.cairn.api.internal.InternalRaftRequest;
import io.cairn.server.backend.Backend;
import io.cairn.server.backend.BatchTx;
import io.cairn.server.backend.Bucket;
import io.cairn.server.errors.EtcdError;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd 3.4's auth store: users, roles and permissions, whether auth is enabled, and the auth
 * revision that every change moves on, so that a request checked against older permissions is
 * refused ("revision of auth store is old"). Changes come only from the log ({@link #apply}, on
 * the apply thread); checks run on any thread against an immutable {@link State}, replaced whole
 * by each change. The backend holds it in etcd's own buckets and encoding, so etcd snapshots carry
 * it both ways.
 */
public final class AuthStore {
  private static final Logger LOG = LoggerFactory.getLogger(AuthStore.class);
  public static final String ROOT = "root";
  private static final byte[] ENABLED_KEY = "authEnabled".getBytes(StandardCharsets.UTF_8);
  private static final byte[] REVISION_KEY = "authRevision".getBytes(StandardCharsets.UTF_8);

  private record Permissions(KeyRanges read, KeyRanges write) {}

  /** Users and roles by name, in etcd's (byte) order. */
  private record State(boolean enabled, long revision, TreeMap<String, User> users,
      TreeMap<String, Role> roles, Map<String, Permissions> permissions) {}

  private final Backend backend;
  private final int bcryptCost;
  private final TokenProvider tokens;
  private volatile State state;

  public AuthStore(Backend backend, TokenProvider tokens, int bcryptCost) {
    this.backend = backend;
    this.bcryptCost = bcryptCost;
    this.tokens = tokens;
    reload();
  }

  /** Reads the store from the backend again (at start, and after a snapshot replaced the state). */
  public void reload() {
    byte[] enabled = backend.get(Bucket.AUTH, ENABLED_KEY);
    byte[] revision = backend.get(Bucket.AUTH, REVISION_KEY);
    TreeMap<String, User> users = new TreeMap<>();
    backend.forEach(Bucket.AUTH_USERS, new byte[0], null, (k, v) -> {
      User u = parse(() -> User.parseFrom(v));
      users.put(u.getName().toStringUtf8(), u);
      return true;
    });
    TreeMap<String, Role> roles = new TreeMap<>();
    backend.forEach(Bucket.AUTH_ROLES, new byte[0], null, (k, v) -> {
      Role r = parse(() -> Role.parseFrom(v));
      roles.put(r.getName().toStringUtf8(), r);
      return true;
    });
    // etcd starts a store at revision 1
    long rev = revision == null ? 1 : ByteBuffer.wrap(revision).getLong();
    boolean on = enabled != null && enabled.length == 1 && enabled[0] == 1;
    tokens.clear();
    state = new State(on, rev, users, roles, permissions(users, roles));
  }

  private interface Parse<T> {
    T parse() throws InvalidProtocolBufferException;
  }

  private static <T> T parse(Parse<T> p) {
    try {
      return p.parse();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("damaged auth record in the backend", e);
    }
  }

  public boolean enabled() {
    return state.enabled();
  }

  public long revision() {
    return state.revision();
  }

  // ---- tokens and passwords (the member that takes the request)

  /**
   * The sender of a request carrying {@code token}; {@link AuthInfo#NONE} without a token.
   *
   * @throws io.cairn.server.errors.EtcdException INVALID_AUTH_TOKEN for an unknown or expired one
   */
  private AuthInfo authInfo(String token) {
    if (token == null) {
      return AuthInfo.NONE;
    }
    AuthInfo info = tokens.info(token, state.revision());
    if (info == null) {
      throw EtcdError.INVALID_AUTH_TOKEN.exception();
    }
    return info;
  }

  /**
   * The sender of a call: its token's user, else its certificate's common name (etcd's
   * --client-cert-auth; a password wins over a certificate), else nobody.
   */
  public AuthInfo authInfo(Credentials c) {
    if (c.token() != null) {
      return authInfo(c.token());
    }
    if (c.commonName() != null && !c.commonName().isEmpty()) {
      return new AuthInfo(c.commonName(), state.revision());
    }
    return AuthInfo.NONE;
  }

  /** Internal requests (lease expiry) act as root, as etcd's WithRoot. */
  public AuthInfo root() {
    return new AuthInfo(ROOT, state.revision());
  }

  /**
   * Checks a password before an Authenticate is proposed (the log never holds it), and returns the
   * auth revision it was checked at.
   */
  public long checkPassword(String name, String password) {
    State s = state;
    if (!s.enabled()) {
      throw EtcdError.AUTH_NOT_ENABLED.exception();
    }
    User u = s.users().get(name);
    if (u == null) {
      throw EtcdError.AUTH_FAILED.exception();
    }
    if (u.getOptions().getNoPassword()) {
      throw EtcdError.NO_PASSWORD_USER.exception();
    }
    if (!Passwords.matches(u.getPassword().toByteArray(), password)) {
      LOG.info("invalid password for user {}", name);
      throw EtcdError.AUTH_FAILED.exception();
    }
    return s.revision();
  }

  public String newTokenPrefix() {
    return tokens.usesPrefix() ? SimpleTokens.newPrefix() : "";
  }

  public byte[] hashPassword(String password) {
    return Passwords.hash(password, bcryptCost);
  }

  // ---- checks

  public void checkPut(AuthInfo who, ByteString key) {
    checkOp(who, key, null, false, true);
  }

  public void checkRange(AuthInfo who, ByteString key, ByteString rangeEnd) {
    checkOp(who, key, rangeEnd, true, false);
  }

  public void checkDeleteRange(AuthInfo who, ByteString key, ByteString rangeEnd) {
    checkOp(who, key, rangeEnd, false, false);
  }

  private void checkOp(AuthInfo who, ByteString key, ByteString rangeEnd, boolean read,
      boolean singleKey) {
    State s = state;
    if (!s.enabled()) {
      return;
    }
    if (who.revision() == 0) {
      throw EtcdError.USER_EMPTY.exception();
    }
    if (who.revision() < s.revision()) {
      throw EtcdError.AUTH_OLD_REVISION.exception();
    }
    User u = s.users().get(who.username());
    if (u == null) {
      throw EtcdError.PERMISSION_DENIED.exception();
    }
    if (hasRootRole(u)) {
      return;
    }
    Permissions p = s.permissions().get(who.username());
    KeyRanges ranges = read ? p.read() : p.write();
    boolean permitted;
    if (singleKey || rangeEnd == null || rangeEnd.isEmpty()) {
      permitted = ranges.covers(key);
    } else {
      boolean toTheEnd = rangeEnd.size() == 1 && rangeEnd.byteAt(0) == 0;
      permitted = ranges.covers(key, toTheEnd ? null : rangeEnd);
    }
    if (!permitted) {
      throw EtcdError.PERMISSION_DENIED.exception();
    }
  }

  /** etcd's checkTxnAuth: every compare reads, and every operation of both branches is checked. */
  public void checkTxn(AuthInfo who, TxnRequest r) {
    for (Compare c : r.getCompareList()) {
      checkRange(who, c.getKey(), c.getRangeEnd());
    }
    checkOps(who, r.getSuccessList());
    checkOps(who, r.getFailureList());
  }

  private void checkOps(AuthInfo who, List<RequestOp> ops) {
    for (RequestOp op : ops) {
      switch (op.getRequestCase()) {
        case REQUEST_RANGE -> checkRange(who, op.getRequestRange().getKey(),
            op.getRequestRange().getRangeEnd());
        case REQUEST_PUT -> checkPut(who, op.getRequestPut().getKey());
        case REQUEST_DELETE_RANGE -> {
          DeleteRangeRequest d = op.getRequestDeleteRange();
          if (d.getPrevKv()) {
            checkRange(who, d.getKey(), d.getRangeEnd());
          }
          checkDeleteRange(who, d.getKey(), d.getRangeEnd());
        }
        // etcd 3.4 leaves nested transactions unchecked, a way around every permission
        case REQUEST_TXN -> checkTxn(who, op.getRequestTxn());
        default -> { }
      }
    }
  }

  /** Admin operations need the root role once auth is enabled. */
  public void checkAdmin(AuthInfo who) {
    State s = state;
    if (!s.enabled()) {
      return;
    }
    if (who.username().isEmpty()) {
      throw EtcdError.USER_EMPTY.exception();
    }
    User u = s.users().get(who.username());
    if (u == null) {
      throw EtcdError.USER_NOT_FOUND.exception();
    }
    if (!hasRootRole(u)) {
      throw EtcdError.PERMISSION_DENIED.exception();
    }
  }

  public boolean hasRole(String user, String role) {
    User u = state.users().get(user);
    return u != null && u.getRolesList().contains(role);
  }

  private static boolean hasRootRole(User u) {
    return u.getRolesList().contains(ROOT);
  }

  // ---- changes, from the log

  /** Whether a request is one of the auth store's (etcd's Auth* requests). */
  public static boolean handles(InternalRaftRequest r) {
    return r.getRequestCase().getNumber() >= InternalRaftRequest.AUTH_ENABLE_FIELD_NUMBER;
  }

  /** Whether only root may ask it (etcd's needAdminPermission). */
  public static boolean needsAdmin(InternalRaftRequest r) {
    return switch (r.getRequestCase()) {
      case AUTHENTICATE, AUTH_USER_GET, AUTH_ROLE_GET -> false;
      default -> handles(r);
    };
  }

  /** Applies one auth request at log index {@code index}; its response has no header yet. */
  public MessageLite apply(InternalRaftRequest r, long index, BatchTx batch) {
    return switch (r.getRequestCase()) {
      case AUTH_ENABLE -> enable(batch);
      case AUTH_DISABLE -> disable(batch);
      case AUTHENTICATE -> authenticate(r.getAuthenticate(), index);
      case AUTH_USER_ADD -> userAdd(r.getAuthUserAdd(), batch);
      case AUTH_USER_DELETE -> userDelete(r.getAuthUserDelete().getName(), batch);
      case AUTH_USER_CHANGE_PASSWORD -> userChangePassword(r.getAuthUserChangePassword().getName(),
          r.getAuthUserChangePassword().getHashedPassword(), batch);
      case AUTH_USER_GRANT_ROLE -> userGrantRole(r.getAuthUserGrantRole(), batch);
      case AUTH_USER_GET -> userGet(r.getAuthUserGet().getName());
      case AUTH_USER_REVOKE_ROLE -> userRevokeRole(r.getAuthUserRevokeRole(), batch);
      case AUTH_USER_LIST -> AuthUserListResponse.newBuilder()
          .addAllUsers(state.users().keySet()).build();
      case AUTH_ROLE_LIST -> AuthRoleListResponse.newBuilder()
          .addAllRoles(state.roles().keySet()).build();
      case AUTH_ROLE_ADD -> roleAdd(r.getAuthRoleAdd().getName(), batch);
      case AUTH_ROLE_DELETE -> roleDelete(r.getAuthRoleDelete().getRole(), batch);
      case AUTH_ROLE_GRANT_PERMISSION -> roleGrantPermission(r.getAuthRoleGrantPermission(), batch);
      case AUTH_ROLE_GET -> roleGet(r.getAuthRoleGet().getRole());
      case AUTH_ROLE_REVOKE_PERMISSION -> roleRevokePermission(r.getAuthRoleRevokePermission(),
          batch);
      default -> throw new IllegalArgumentException("not an auth request: " + r.getRequestCase());
    };
  }

  private MessageLite enable(BatchTx batch) {
    State s = state;
    if (s.enabled()) {
      return AuthEnableResponse.getDefaultInstance();
    }
    User root = s.users().get(ROOT);
    if (root == null) {
      throw EtcdError.ROOT_USER_NOT_EXIST.exception();
    }
    if (!hasRootRole(root)) {
      throw EtcdError.ROOT_ROLE_NOT_EXIST.exception();
    }
    batch.put(Bucket.AUTH, ENABLED_KEY, new byte[] {1});
    state = new State(true, s.revision(), s.users(), s.roles(), s.permissions());
    LOG.info("enabled authentication");
    return AuthEnableResponse.getDefaultInstance();
  }

  private MessageLite disable(BatchTx batch) {
    State s = state;
    if (!s.enabled()) {
      return AuthDisableResponse.getDefaultInstance();
    }
    batch.put(Bucket.AUTH, ENABLED_KEY, new byte[] {0});
    long revision = commitRevision(s, batch);
    tokens.clear();
    state = new State(false, revision, s.users(), s.roles(), s.permissions());
    LOG.info("disabled authentication");
    return AuthDisableResponse.getDefaultInstance();
  }

  private MessageLite authenticate(AuthenticateEntry e, long index) {
    State s = state;
    if (!s.enabled()) {
      throw EtcdError.AUTH_NOT_ENABLED.exception();
    }
    User u = s.users().get(e.getName());
    if (u == null || u.getOptions().getNoPassword()) {
      throw EtcdError.AUTH_FAILED.exception();
    }
    String token = tokens.assign(e.getSimpleTokenPrefix(), index, e.getName(), s.revision());
    return AuthenticateResponse.newBuilder().setToken(token).build();
  }

  private MessageLite userAdd(AuthUserAddEntry e, BatchTx batch) {
    if (e.getName().isEmpty()) {
      throw EtcdError.USER_EMPTY.exception();
    }
    State s = state;
    if (s.users().containsKey(e.getName())) {
      throw EtcdError.USER_ALREADY_EXIST.exception();
    }
    User u = User.newBuilder().setName(ByteString.copyFromUtf8(e.getName()))
        .setPassword(e.getHashedPassword()).setOptions(e.getOptions()).build();
    TreeMap<String, User> users = new TreeMap<>(s.users());
    users.put(e.getName(), u);
    putUser(u, batch);
    changed(s, users, s.roles(), batch);
    return AuthUserAddResponse.getDefaultInstance();
  }

  private MessageLite userDelete(String name, BatchTx batch) {
    State s = state;
    if (s.enabled() && name.equals(ROOT)) {
      throw EtcdError.INVALID_AUTH_MGMT.exception();
    }
    if (!s.users().containsKey(name)) {
      throw EtcdError.USER_NOT_FOUND.exception();
    }
    TreeMap<String, User> users = new TreeMap<>(s.users());
    users.remove(name);
    batch.delete(Bucket.AUTH_USERS, name.getBytes(StandardCharsets.UTF_8));
    changed(s, users, s.roles(), batch);
    tokens.invalidateUser(name);
    return AuthUserDeleteResponse.getDefaultInstance();
  }

  private MessageLite userChangePassword(String name, ByteString hashed, BatchTx batch) {
    State s = state;
    User u = s.users().get(name);
    if (u == null) {
      throw EtcdError.USER_NOT_FOUND.exception();
    }
    User changed = u.toBuilder().setPassword(hashed).build();
    TreeMap<String, User> users = new TreeMap<>(s.users());
    users.put(name, changed);
    putUser(changed, batch);
    changed(s, users, s.roles(), batch);
    tokens.invalidateUser(name);
    return AuthUserChangePasswordResponse.getDefaultInstance();
  }

  private MessageLite userGrantRole(AuthUserGrantRoleRequest r, BatchTx batch) {
    State s = state;
    User u = s.users().get(r.getUser());
    if (u == null) {
      throw EtcdError.USER_NOT_FOUND.exception();
    }
    if (!r.getRole().equals(ROOT) && !s.roles().containsKey(r.getRole())) {
      throw EtcdError.ROLE_NOT_FOUND.exception();
    }
    if (u.getRolesList().contains(r.getRole())) {
      return AuthUserGrantRoleResponse.getDefaultInstance();
    }
    List<String> roles = new ArrayList<>(u.getRolesList());
    roles.add(r.getRole());
    Collections.sort(roles);
    User granted = u.toBuilder().clearRoles().addAllRoles(roles).build();
    TreeMap<String, User> users = new TreeMap<>(s.users());
    users.put(r.getUser(), granted);
    putUser(granted, batch);
    changed(s, users, s.roles(), batch);
    return AuthUserGrantRoleResponse.getDefaultInstance();
  }

  private MessageLite userGet(String name) {
    User u = state.users().get(name);
    if (u == null) {
      throw EtcdError.USER_NOT_FOUND.exception();
    }
    return AuthUserGetResponse.newBuilder().addAllRoles(u.getRolesList()).build();
  }

  private MessageLite userRevokeRole(AuthUserRevokeRoleRequest r, BatchTx batch) {
    State s = state;
    if (s.enabled() && r.getName().equals(ROOT) && r.getRole().equals(ROOT)) {
      throw EtcdError.INVALID_AUTH_MGMT.exception();
    }
    User u = s.users().get(r.getName());
    if (u == null) {
      throw EtcdError.USER_NOT_FOUND.exception();
    }
    List<String> roles = new ArrayList<>(u.getRolesList());
    if (!roles.remove(r.getRole())) {
      throw EtcdError.ROLE_NOT_GRANTED.exception();
    }
    User revoked = u.toBuilder().clearRoles().addAllRoles(roles).build();
    TreeMap<String, User> users = new TreeMap<>(s.users());
    users.put(r.getName(), revoked);
    putUser(revoked, batch);
    changed(s, users, s.roles(), batch);
    return AuthUserRevokeRoleResponse.getDefaultInstance();
  }

  private MessageLite roleAdd(String name, BatchTx batch) {
    if (name.isEmpty()) {
      throw EtcdError.ROLE_EMPTY.exception();
    }
    State s = state;
    if (s.roles().containsKey(name)) {
      throw EtcdError.ROLE_ALREADY_EXIST.exception();
    }
    Role role = Role.newBuilder().setName(ByteString.copyFromUtf8(name)).build();
    TreeMap<String, Role> roles = new TreeMap<>(s.roles());
    roles.put(name, role);
    putRole(role, batch);
    changed(s, s.users(), roles, batch);
    return AuthRoleAddResponse.getDefaultInstance();
  }

  private MessageLite roleDelete(String name, BatchTx batch) {
    State s = state;
    if (s.enabled() && name.equals(ROOT)) {
      throw EtcdError.INVALID_AUTH_MGMT.exception();
    }
    if (!s.roles().containsKey(name)) {
      throw EtcdError.ROLE_NOT_FOUND.exception();
    }
    TreeMap<String, Role> roles = new TreeMap<>(s.roles());
    roles.remove(name);
    batch.delete(Bucket.AUTH_ROLES, name.getBytes(StandardCharsets.UTF_8));
    TreeMap<String, User> users = new TreeMap<>(s.users());
    for (User u : s.users().values()) {
      if (u.getRolesList().contains(name)) {
        List<String> kept = new ArrayList<>(u.getRolesList());
        kept.remove(name);
        User without = u.toBuilder().clearRoles().addAllRoles(kept).build();
        users.put(u.getName().toStringUtf8(), without);
        putUser(without, batch);
      }
    }
    changed(s, users, roles, batch);
    return AuthRoleDeleteResponse.getDefaultInstance();
  }

  private MessageLite roleGrantPermission(AuthRoleGrantPermissionRequest r, BatchTx batch) {
    State s = state;
    Role role = s.roles().get(r.getName());
    if (role == null) {
      throw EtcdError.ROLE_NOT_FOUND.exception();
    }
    List<Permission> perms = new ArrayList<>(role.getKeyPermissionList());
    Permission wanted = r.getPerm();
    boolean updated = false;
    for (int i = 0; i < perms.size(); i++) {
      Permission p = perms.get(i);
      if (p.getKey().equals(wanted.getKey()) && p.getRangeEnd().equals(wanted.getRangeEnd())) {
        perms.set(i, p.toBuilder().setPermType(wanted.getPermType()).build());
        updated = true;
        break;
      }
    }
    if (!updated) {
      perms.add(Permission.newBuilder().setKey(wanted.getKey()).setRangeEnd(wanted.getRangeEnd())
          .setPermType(wanted.getPermType()).build());
      // etcd keeps a role's permissions sorted by key
      perms.sort((a, b) -> ByteString.unsignedLexicographicalComparator()
          .compare(a.getKey(), b.getKey()));
    }
    Role granted = role.toBuilder().clearKeyPermission().addAllKeyPermission(perms).build();
    TreeMap<String, Role> roles = new TreeMap<>(s.roles());
    roles.put(r.getName(), granted);
    putRole(granted, batch);
    changed(s, s.users(), roles, batch);
    return AuthRoleGrantPermissionResponse.getDefaultInstance();
  }

  private MessageLite roleGet(String name) {
    Role role = state.roles().get(name);
    if (role == null) {
      throw EtcdError.ROLE_NOT_FOUND.exception();
    }
    return AuthRoleGetResponse.newBuilder().addAllPerm(role.getKeyPermissionList()).build();
  }

  private MessageLite roleRevokePermission(AuthRoleRevokePermissionRequest r, BatchTx batch) {
    State s = state;
    Role role = s.roles().get(r.getRole());
    if (role == null) {
      throw EtcdError.ROLE_NOT_FOUND.exception();
    }
    List<Permission> kept = new ArrayList<>();
    for (Permission p : role.getKeyPermissionList()) {
      if (!p.getKey().equals(r.getKey()) || !p.getRangeEnd().equals(r.getRangeEnd())) {
        kept.add(p);
      }
    }
    if (kept.size() == role.getKeyPermissionCount()) {
      throw EtcdError.PERMISSION_NOT_GRANTED.exception();
    }
    Role revoked = role.toBuilder().clearKeyPermission().addAllKeyPermission(kept).build();
    TreeMap<String, Role> roles = new TreeMap<>(s.roles());
    roles.put(r.getRole(), revoked);
    putRole(revoked, batch);
    changed(s, s.users(), roles, batch);
    return AuthRoleRevokePermissionResponse.getDefaultInstance();
  }

  private static void putUser(User u, BatchTx batch) {
    batch.put(Bucket.AUTH_USERS, u.getName().toByteArray(), u.toByteArray());
  }

  private static void putRole(Role r, BatchTx batch) {
    batch.put(Bucket.AUTH_ROLES, r.getName().toByteArray(), r.toByteArray());
  }

  /** A change of users or roles: the revision moves on and the permissions are worked out again. */
  private void changed(State s, TreeMap<String, User> users, TreeMap<String, Role> roles,
      BatchTx batch) {
    long revision = commitRevision(s, batch);
    state = new State(s.enabled(), revision, users, roles, permissions(users, roles));
  }

  private static long commitRevision(State s, BatchTx batch) {
    long revision = s.revision() + 1;
    batch.put(Bucket.AUTH, REVISION_KEY, ByteBuffer.allocate(8).putLong(revision).array());
    return revision;
  }

  private static Map<String, Permissions> permissions(Map<String, User> users,
      Map<String, Role> roles) {
    Map<String, Permissions> byUser = new HashMap<>();
    for (User u : users.values()) {
      KeyRanges.Builder read = new KeyRanges.Builder();
      KeyRanges.Builder write = new KeyRanges.Builder();
      for (String roleName : u.getRolesList()) {
        Role role = roles.get(roleName);
        if (role == null) {
          continue;
        }
        for (Permission p : role.getKeyPermissionList()) {
          if (p.getPermType() != Permission.Type.WRITE) {
            read.add(p.getKey(), p.getRangeEnd());
          }
          if (p.getPermType() != Permission.Type.READ) {
            write.add(p.getKey(), p.getRangeEnd());
          }
        }
      }
      byUser.put(u.getName().toStringUtf8(), new Permissions(read.build(), write.build()));
    }
    return Map.copyOf(byUser);
  }
}
