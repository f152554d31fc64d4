package id.bizpro.bizcash.bayar;

import id.bizpro.bizcash.ppob.PpobProvider;

/**
 * A read from the provider (a PLN name check, a bill inquiry) made outside the chat turn's
 * transaction ({@link id.bizpro.bizcash.conversation.Turn#outside}), kept as a value: its answer,
 * the provider's definite refusal, or no answer (a timeout, a 5xx). Immutable.
 */
sealed interface ProviderRead<T> {
  record Answered<T>(T value) implements ProviderRead<T> {}

  record Refused<T>(String message) implements ProviderRead<T> {}

  record NoAnswer<T>() implements ProviderRead<T> {}

  /** A provider call. */
  interface Call<T> {
    T call() throws PpobProvider.UnknownOutcome, PpobProvider.Refused;
  }

  static <T> ProviderRead<T> of(Call<T> call) {
    try {
      return new Answered<>(call.call());
    } catch (PpobProvider.Refused e) {
      return new Refused<>(e.getMessage());
    } catch (PpobProvider.UnknownOutcome e) {
      return new NoAnswer<>();
    }
  }
}
