package id.bizpro.bizcash.bankaccount;

/** A user's saved bank account for withdrawals. Immutable. */
public record BankAccount(long id, long userId, Bank bank, String accountNumber, String holderName) {

  /** The number with all but the last four digits hidden: {@code ••••7890}. */
  public String maskedNumber() {
    return mask(accountNumber);
  }

  public static String mask(String number) {
    int keep = Math.min(4, number.length());
    return "••••" + number.substring(number.length() - keep);
  }

  /** "BCA ••••7890 a.n. Budi" — safe to show in chats and logs. */
  public String maskedLabel() {
    return bank.name() + " " + maskedNumber() + " a.n. " + holderName;
  }
}
