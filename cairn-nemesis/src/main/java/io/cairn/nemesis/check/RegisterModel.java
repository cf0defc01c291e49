package io.cairn.nemesis.check;

import io.cairn.nemesis.history.Call;
import io.cairn.nemesis.history.Op;
import java.util.Objects;

/**
 * One key as a register: the state is its value, null when the key does not exist. Puts set it,
 * deletes clear it, linearizable gets must return it, and a compare-and-set txn puts its value when
 * the current value equals the expected one (by then every compare on mod_revision has been turned
 * into a compare on the value that revision wrote, see {@link KvChecker}).
 */
public final class RegisterModel implements Model<String> {

  @Override
  public boolean legal(String state, Op op) {
    if (!op.ok()) {
      return true;
    }
    Call c = op.call();
    if (c instanceof Call.Get) {
      return Objects.equals(state, op.result().value());
    }
    if (c instanceof Call.Delete) {
      return (op.result().deleted() > 0) == (state != null);
    }
    if (c instanceof Call.CasValue cas) {
      return op.result().succeeded() == Objects.equals(state, cas.expected());
    }
    return true;
  }

  @Override
  public String next(String state, Op op) {
    Call c = op.call();
    if (c instanceof Call.Put p) {
      return p.value();
    }
    if (c instanceof Call.Delete) {
      return null;
    }
    if (c instanceof Call.CasValue cas) {
      return Objects.equals(state, cas.expected()) ? cas.value() : state;
    }
    return state;
  }
}
