package id.bizpro.bizcash.bankaccount;

/** An Indonesian bank by its short name and its three-digit clearing code. Immutable. */
public record Bank(String code, String name) {}
