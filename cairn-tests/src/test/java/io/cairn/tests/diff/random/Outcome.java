package io.cairn.tests.diff.random;

/** What one step returned, normalised: a response or an error as text. */
public record Outcome(String text) {

  static Outcome of(String text) {
    return new Outcome(text);
  }

  public boolean matches(Outcome other) {
    return text.equals(other.text);
  }

  @Override
  public String toString() {
    return text;
  }
}
