package io.cairn.server.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EtcdErrorTest {

  @ParameterizedTest
  @EnumSource(EtcdError.class)
  void toStatusCarriesTheEnumsCodeAndMessage(EtcdError error) {
    Status status = error.toStatus();

    assertThat(status.getCode()).isEqualTo(error.code());
    assertThat(status.getDescription()).isEqualTo(error.message());
    assertThat(status.getCode()).isNotEqualTo(Status.Code.OK);
  }

  @ParameterizedTest
  @EnumSource(EtcdError.class)
  void everyMessageIsPrefixedLikeEtcdServerErrors(EtcdError error) {
    if (error.code() == Status.Code.UNKNOWN && error.message().startsWith("auth: ")) {
      return; // the auth store's own errors, which etcd passes on without a gRPC form
    }
    assertThat(error.message()).startsWith("etcdserver: ");
  }

  @org.junit.jupiter.api.Test
  void goErrorIsHowAGoClientPrintsTheStatus() {
    assertThat(EtcdError.PERMISSION_DENIED.goError())
        .isEqualTo("rpc error: code = PermissionDenied desc = etcdserver: permission denied");
    assertThat(EtcdError.INVALID_AUTH_TOKEN.goError())
        .isEqualTo("rpc error: code = Unauthenticated desc = etcdserver: invalid auth token");
  }

  @ParameterizedTest
  @EnumSource(EtcdError.class)
  void exceptionCarriesTheErrorAndItsMessage(EtcdError error) {
    EtcdException e = error.exception();

    assertThat(e.error()).isSameAs(error);
    assertThat(e).hasMessage(error.message());
    assertThat(e.getStackTrace()).isEmpty();
  }

  @Test
  void messagesAreUniqueSoClientsCanMatchOnThem() {
    Set<String> messages = new HashSet<>();
    Arrays.stream(EtcdError.values()).forEach(e -> assertThat(messages.add(e.message()))
        .as("duplicate message %s", e.message()).isTrue());
  }

  @Test
  void kvErrorsMatchEtcdRpctypesExactly() {
    assertStatus(EtcdError.EMPTY_KEY, Status.Code.INVALID_ARGUMENT, "etcdserver: key is not provided");
    assertStatus(EtcdError.KEY_NOT_FOUND, Status.Code.INVALID_ARGUMENT, "etcdserver: key not found");
    assertStatus(EtcdError.TOO_MANY_OPS, Status.Code.INVALID_ARGUMENT,
        "etcdserver: too many operations in txn request");
    assertStatus(EtcdError.DUPLICATE_KEY, Status.Code.INVALID_ARGUMENT,
        "etcdserver: duplicate key given in txn request");
    assertStatus(EtcdError.COMPACTED, Status.Code.OUT_OF_RANGE,
        "etcdserver: mvcc: required revision has been compacted");
    assertStatus(EtcdError.FUTURE_REV, Status.Code.OUT_OF_RANGE,
        "etcdserver: mvcc: required revision is a future revision");
    assertStatus(EtcdError.NO_SPACE, Status.Code.RESOURCE_EXHAUSTED,
        "etcdserver: mvcc: database space exceeded");
  }

  @Test
  void leaseAndWatchErrorsMatchEtcdRpctypesExactly() {
    assertStatus(EtcdError.LEASE_NOT_FOUND, Status.Code.NOT_FOUND, "etcdserver: requested lease not found");
    assertStatus(EtcdError.LEASE_EXIST, Status.Code.FAILED_PRECONDITION, "etcdserver: lease already exists");
    assertStatus(EtcdError.LEASE_TTL_TOO_LARGE, Status.Code.OUT_OF_RANGE, "etcdserver: too large lease TTL");
    assertStatus(EtcdError.WATCH_CANCELED, Status.Code.CANCELLED, "etcdserver: watch canceled");
  }

  @Test
  void clusterAndServerErrorsMatchEtcdRpctypesExactly() {
    assertStatus(EtcdError.PEER_URL_EXIST, Status.Code.FAILED_PRECONDITION,
        "etcdserver: Peer URLs already exists");
    assertStatus(EtcdError.NOT_LEADER, Status.Code.FAILED_PRECONDITION, "etcdserver: not leader");
    assertStatus(EtcdError.NO_LEADER, Status.Code.UNAVAILABLE, "etcdserver: no leader");
    assertStatus(EtcdError.TIMEOUT_WAIT_APPLIED_INDEX, Status.Code.UNAVAILABLE,
        "etcdserver: request timed out, waiting for the applied index took too long");
    assertStatus(EtcdError.CORRUPT, Status.Code.DATA_LOSS, "etcdserver: corrupt cluster");
    assertStatus(EtcdError.INVALID_AUTH_TOKEN, Status.Code.UNAUTHENTICATED, "etcdserver: invalid auth token");
    assertStatus(EtcdError.PERMISSION_DENIED, Status.Code.PERMISSION_DENIED, "etcdserver: permission denied");
    assertStatus(EtcdError.NOT_SUPPORTED_FOR_LEARNER, Status.Code.UNAVAILABLE,
        "etcdserver: rpc not supported for learner");
  }

  private static void assertStatus(EtcdError error, Status.Code code, String message) {
    Status status = error.toStatus();
    assertThat(status.getCode()).as("code of %s", error).isEqualTo(code);
    assertThat(status.getDescription()).as("message of %s", error).isEqualTo(message);
  }
}
