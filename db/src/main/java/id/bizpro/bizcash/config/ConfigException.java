package id.bizpro.bizcash.config;

/**
 * A setting is missing or malformed. The message is one line that names the variable and what is
 * wrong with it, and never contains the value of a secret.
 */
public final class ConfigException extends RuntimeException {
  private final String variable;

  public ConfigException(String variable, String problem) {
    super(variable + ": " + problem);
    this.variable = variable;
  }

  public String variable() {
    return variable;
  }
}
