package id.bizpro.bizcash.bayar;

import id.bizpro.bizcash.conversation.FlowState;

/** The steps of /bayar before the confirmation (which belongs to the money-out steps). */
public sealed interface PpobState extends FlowState {
  /** Which kind of product? (buttons) */
  record ChoosingCategory() implements PpobState {}

  /** Which e-money? (buttons) */
  record ChoosingBrand() implements PpobState {}

  /** The phone number to top up; {@code brand} is the e-money brand, empty for pulsa and data. */
  record AwaitingPhone(String category, String brand) implements PpobState {
    @Override
    public boolean wantsDigits() {
      return true;
    }
  }

  /** The PLN meter or customer number. */
  record AwaitingMeter() implements PpobState {
    @Override
    public boolean wantsDigits() {
      return true;
    }
  }

  /** Which bill? (buttons) */
  record ChoosingBill() implements PpobState {}

  /** The customer number of the bill {@code sku}. */
  record AwaitingBillNo(String sku) implements PpobState {
    @Override
    public boolean wantsDigits() {
      return true;
    }
  }

  /** Which product (buttons) for {@code customerNo}; {@code customerName} from the PLN inquiry, if any. */
  record ChoosingProduct(String category, String brand, String customerNo, String customerName) implements PpobState {}
}
