package id.bizpro.bizcash.conversation;

import java.util.ArrayList;
import java.util.List;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.KeyboardRow;

/** Builders for Telegram keyboards. Stateless. */
public final class Keyboards {
  private Keyboards() {}

  public static InlineKeyboardButton button(String text, String callbackData) {
    if (callbackData.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 64) {
      throw new IllegalArgumentException("callback data over Telegram's 64 bytes: " + callbackData);
    }
    return InlineKeyboardButton.builder().text(text).callbackData(callbackData).build();
  }

  public static InlineKeyboardButton link(String text, String url) {
    return InlineKeyboardButton.builder().text(text).url(url).build();
  }

  /** One row per list. */
  @SafeVarargs
  public static InlineKeyboardMarkup inline(List<InlineKeyboardButton>... rows) {
    return inline(List.of(rows));
  }

  public static InlineKeyboardMarkup inline(List<List<InlineKeyboardButton>> rows) {
    List<InlineKeyboardRow> out = new ArrayList<>();
    for (List<InlineKeyboardButton> r : rows) {
      if (!r.isEmpty()) {
        out.add(new InlineKeyboardRow(r));
      }
    }
    return new InlineKeyboardMarkup(out);
  }

  /** The persistent main menu, two buttons a row. */
  public static ReplyKeyboardMarkup menu(List<String> labels) {
    List<KeyboardRow> rows = new ArrayList<>();
    for (int i = 0; i < labels.size(); i += 2) {
      rows.add(new KeyboardRow(labels.subList(i, Math.min(i + 2, labels.size())).toArray(String[]::new)));
    }
    ReplyKeyboardMarkup kb = new ReplyKeyboardMarkup(rows);
    kb.setResizeKeyboard(true);
    kb.setIsPersistent(true);
    return kb;
  }
}
