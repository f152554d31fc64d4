package id.bizpro.bizcash.webhook;

import java.sql.SQLException;

/**
 * Tells a database refusal caused by the request's own data from the database being down. A value
 * PostgreSQL cannot store (a NUL character in text or JSON, a number out of range: SQLSTATE class
 * 22, "data exception") is the sender's mistake and answers 400; retrying it can never succeed, so
 * a 503 would make a gateway retry it forever. Found by {@code WebhookFuzzTest}. Stateless.
 */
public final class DataErrors {
  private DataErrors() {}

  /** True when {@code e} was caused by a data exception (SQLSTATE 22xxx) rather than a failure to reach the database. */
  public static boolean isBadData(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("22")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
