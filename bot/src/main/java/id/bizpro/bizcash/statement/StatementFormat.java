package id.bizpro.bizcash.statement;

/**
 * The statement file formats a user can pick, with what the Telegram side needs to send them.
 * Immutable and thread-safe.
 */
public enum StatementFormat {
  PDF("pdf", "application/pdf"),
  XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

  private final String extension;
  private final String mediaType;

  StatementFormat(String extension, String mediaType) {
    this.extension = extension;
    this.mediaType = mediaType;
  }

  /** File name extension without the dot. */
  public String extension() {
    return extension;
  }

  /** MIME type for an upload. */
  public String mediaType() {
    return mediaType;
  }

  /** A writer for this format; writers are stateless, so callers may keep and share it. */
  public StatementWriter writer() {
    return switch (this) {
      case PDF -> new PdfStatementWriter();
      case XLSX -> new XlsxStatementWriter();
    };
  }
}
