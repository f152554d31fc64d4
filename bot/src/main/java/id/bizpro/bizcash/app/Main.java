package id.bizpro.bizcash.app;

public final class Main {
  public static void main(String[] args) {}
}
