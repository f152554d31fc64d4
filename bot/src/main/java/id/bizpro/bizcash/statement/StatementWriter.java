package id.bizpro.bizcash.statement;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one statement file. Implementations are stateless and thread-safe: one instance may
 * write many statements at once, each call on its own thread.
 *
 * <p>Every implementation guarantees that a file it completes adds up: opening balance + total in
 * − total out = closing balance, the rows' sums equal the header's totals, every line's balance
 * follows from the previous one and every line lies in the period. If not, {@code write} throws
 * {@link IllegalStateException} naming the first mismatch, and whatever was already written to
 * {@code out} is not a usable file: write to a temporary file or buffer and send it only after
 * {@code write} returns. {@code write} never closes {@code out}.
 */
public interface StatementWriter {

  /** The kind of file this writer makes. */
  StatementFormat format();

  /**
   * Streams {@code rows} (calling {@link StatementRows#forEach} once) into a complete file.
   *
   * @throws IllegalStateException if the header and rows do not add up
   * @throws IOException if {@code out} fails
   */
  void write(StatementHeader header, StatementRows rows, OutputStream out) throws IOException;
}
