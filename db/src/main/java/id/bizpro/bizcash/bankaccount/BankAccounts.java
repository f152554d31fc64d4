package id.bizpro.bizcash.bankaccount;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Users' saved bank accounts: add, list, remove. Removal is soft, because withdrawals keep naming
 * the account they went to. Every method takes the owner's id and never returns another user's
 * account. Thread-safe.
 */
public final class BankAccounts {
  public static final int MAX_PER_USER = 10;
  private static final String COLUMNS = "id, user_id, bank_code, bank_name, account_number, holder_name";

  private final Jdbi jdbi;

  public BankAccounts(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** The outcome of adding an account. */
  public sealed interface AddResult {
    record Added(BankAccount account) implements AddResult {}

    record UnknownBank() implements AddResult {}

    /** Account numbers are 6 to 20 digits. */
    record InvalidNumber() implements AddResult {}

    /** Holder names are 2 to 100 characters of letters, spaces and . , ' - */
    record InvalidHolderName() implements AddResult {}

    record AlreadySaved(BankAccount existing) implements AddResult {}

    record TooMany(int limit) implements AddResult {}
  }

  /** Normalises a typed account number: spaces, dots and dashes are dropped. */
  public static String normaliseNumber(String typed) {
    return typed == null ? "" : typed.replaceAll("[\\s.\\-]", "");
  }

  public static boolean isValidNumber(String number) {
    return number.matches("[0-9]{6,20}");
  }

  public static boolean isValidHolderName(String name) {
    return name != null && name.strip().matches("[\\p{L}][\\p{L} .,'-]{1,99}");
  }

  public AddResult add(long userId, String bankCode, String typedNumber, String holderName) {
    return jdbi.inTransaction(h -> add(h, userId, bankCode, typedNumber, holderName));
  }

  /** As {@link #add(long, String, String, String)}, in the caller's transaction. */
  public AddResult add(Handle h, long userId, String bankCode, String typedNumber, String holderName) {
    Optional<Bank> bank = Banks.find(bankCode);
    if (bank.isEmpty()) {
      return new AddResult.UnknownBank();
    }
    String number = normaliseNumber(typedNumber);
    if (!isValidNumber(number)) {
      return new AddResult.InvalidNumber();
    }
    if (!isValidHolderName(holderName)) {
      return new AddResult.InvalidHolderName();
    }
    String holder = holderName.strip().replaceAll("\\s+", " ");
    h.createQuery("SELECT id FROM users WHERE id = :u FOR NO KEY UPDATE").bind("u", userId).mapTo(Long.class).one();
    List<BankAccount> existing = list(h, userId);
    Optional<BankAccount> same =
        existing.stream()
            .filter(a -> a.bank().code().equals(bank.get().code()) && a.accountNumber().equals(number))
            .findFirst();
    if (same.isPresent()) {
      return new AddResult.AlreadySaved(same.get());
    }
    if (existing.size() >= MAX_PER_USER) {
      return new AddResult.TooMany(MAX_PER_USER);
    }
    return new AddResult.Added(
        h.createQuery(
                "INSERT INTO bank_accounts (user_id, bank_code, bank_name, account_number, holder_name) "
                    + "VALUES (:u, :code, :name, :number, :holder) RETURNING "
                    + COLUMNS)
            .bind("u", userId)
            .bind("code", bank.get().code())
            .bind("name", bank.get().name())
            .bind("number", number)
            .bind("holder", holder)
            .map((rs, ctx) -> map(rs))
            .one());
  }

  public List<BankAccount> list(long userId) {
    return jdbi.withHandle(h -> list(h, userId));
  }

  private static List<BankAccount> list(Handle h, long userId) {
    return h.createQuery("SELECT " + COLUMNS + " FROM bank_accounts WHERE user_id = :u AND removed_at IS NULL ORDER BY id")
        .bind("u", userId)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /** The user's own active account with this id. */
  public Optional<BankAccount> find(long userId, long accountId) {
    return jdbi.withHandle(h -> find(h, userId, accountId));
  }

  public Optional<BankAccount> find(Handle h, long userId, long accountId) {
    return h.createQuery(
            "SELECT " + COLUMNS + " FROM bank_accounts WHERE id = :id AND user_id = :u AND removed_at IS NULL")
        .bind("id", accountId)
        .bind("u", userId)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  /** Removes the user's own account; false when there is no such active account of theirs. */
  public boolean remove(long userId, long accountId) {
    return jdbi.withHandle(h -> remove(h, userId, accountId));
  }

  /** As {@link #remove(long, long)}, in the caller's transaction. */
  public boolean remove(Handle h, long userId, long accountId) {
    return (h.createUpdate(
                "UPDATE bank_accounts SET removed_at = now() WHERE id = :id AND user_id = :u AND removed_at IS NULL")
            .bind("id", accountId)
            .bind("u", userId)
            .execute())
        == 1;
  }

  static BankAccount map(ResultSet rs) throws SQLException {
    return new BankAccount(
        rs.getLong("id"),
        rs.getLong("user_id"),
        new Bank(rs.getString("bank_code"), rs.getString("bank_name")),
        rs.getString("account_number"),
        rs.getString("holder_name"));
  }
}
