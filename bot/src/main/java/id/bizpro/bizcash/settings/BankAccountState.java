package id.bizpro.bizcash.settings;

import id.bizpro.bizcash.conversation.FlowState;

/** Adding a bank account: bank → number → holder name. {@code forWithdrawal}: continue to /withdraw. */
public sealed interface BankAccountState extends FlowState {
  record AwaitingBank(boolean forWithdrawal) implements BankAccountState {}

  record AwaitingNumber(String bankCode, boolean forWithdrawal) implements BankAccountState {
    @Override
    public boolean wantsDigits() {
      return true;
    }
  }

  record AwaitingHolder(String bankCode, String number, boolean forWithdrawal) implements BankAccountState {}
}
