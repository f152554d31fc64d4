package id.bizpro.bizcash.conversation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import id.bizpro.bizcash.user.Language;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds who handles an input. Features register their commands, menu buttons, callback prefixes,
 * flow steps and text guards here (see {@link Feature}); the router itself knows no
 * feature. Built once at start-up, then immutable and thread-safe.
 */
public final class Router {
  /** A command shown in Telegram's menu, with message keys for its description. */
  public record MenuCommand(String name, String descriptionKey) {}

  private final Map<String, Handlers.Command> commands = new HashMap<>();
  private final List<MenuCommand> menuCommands = new ArrayList<>();
  private final Map<String, String> menuButtonKeys = new LinkedHashMap<>();
  private final Map<String, Handlers.Callback> callbacks = new HashMap<>();
  private final Map<Class<?>, Handlers.Step<?>> steps = new LinkedHashMap<>();
  private final List<Handlers.TextGuard> textGuards = new ArrayList<>();
  private final ObjectMapper json;

  public Router(ObjectMapper json) {
    this.json = json;
  }

  /** Registers {@code /name}; {@code descriptionKey} non-null puts it in setMyCommands. */
  public Router command(String name, String descriptionKey, Handlers.Command handler) {
    if (commands.putIfAbsent(name, handler) != null) {
      throw new IllegalStateException("command registered twice: /" + name);
    }
    if (descriptionKey != null) {
      menuCommands.add(new MenuCommand(name, descriptionKey));
    }
    return this;
  }

  /** A reply-keyboard button (label from {@code labelKey}, both languages) that runs {@code /command}. */
  public Router menuButton(String labelKey, String command) {
    menuButtonKeys.put(labelKey, command);
    return this;
  }

  /** Callback data {@code prefix:…} goes to {@code handler}. */
  public Router callback(String prefix, Handlers.Callback handler) {
    if (prefix.contains(":") || callbacks.putIfAbsent(prefix, handler) != null) {
      throw new IllegalStateException("bad or duplicate callback prefix: " + prefix);
    }
    return this;
  }

  /**
   * Messages in a state of {@code type} go to {@code step}; {@code names} gives every record of the
   * flow a stable stored name.
   */
  public <S extends FlowState> Router flow(Class<S> type, Map<String, Class<? extends S>> names, Handlers.Step<S> step) {
    steps.put(type, step);
    names.forEach((name, cls) -> json.registerSubtypes(new NamedType(cls, name)));
    return this;
  }

  private Handlers.InlineQuery inlineQuery;
  private Handlers.ChosenInlineResult chosenInlineResult;
  private final Map<String, Handlers.Command> deepLinks = new LinkedHashMap<>();

  /** Inline queries go to {@code handler} (one feature owns inline mode). */
  public Router inlineQuery(Handlers.InlineQuery handler, Handlers.ChosenInlineResult chosen) {
    if (inlineQuery != null) {
      throw new IllegalStateException("inline mode registered twice");
    }
    inlineQuery = handler;
    chosenInlineResult = chosen;
    return this;
  }

  /**
   * {@code /start <prefix>…} (a t.me deep link) goes to {@code handler} with the whole payload
   * instead of {@code /start}.
   */
  public Router deepLink(String prefix, Handlers.Command handler) {
    if (prefix.isEmpty() || deepLinks.putIfAbsent(prefix, handler) != null) {
      throw new IllegalStateException("bad or duplicate deep-link prefix: " + prefix);
    }
    return this;
  }

  Optional<Handlers.InlineQuery> inlineQuery() {
    return Optional.ofNullable(inlineQuery);
  }

  Optional<Handlers.ChosenInlineResult> chosenInlineResult() {
    return Optional.ofNullable(chosenInlineResult);
  }

  Optional<Handlers.Command> deepLink(String payload) {
    return deepLinks.entrySet().stream().filter(e -> payload.startsWith(e.getKey())).map(Map.Entry::getValue).findFirst();
  }

  /** {@code guard} sees every typed message before flow steps do, in registration order. */
  public Router textGuard(Handlers.TextGuard guard) {
    textGuards.add(guard);
    return this;
  }

  public Optional<Handlers.Command> command(String name) {
    return Optional.ofNullable(commands.get(name.toLowerCase(Locale.ROOT)));
  }

  public Optional<Handlers.Callback> callback(String prefix) {
    return Optional.ofNullable(callbacks.get(prefix));
  }

  public List<MenuCommand> menuCommands() {
    return List.copyOf(menuCommands);
  }

  /** Label keys of the reply keyboard, in registration order. */
  public List<String> menuButtonKeys() {
    return List.copyOf(menuButtonKeys.keySet());
  }

  /** The command behind a reply-keyboard label in any language. */
  public Optional<String> commandForLabel(String text, java.util.function.BiFunction<Language, String, String> label) {
    for (var e : menuButtonKeys.entrySet()) {
      for (Language l : Language.values()) {
        if (label.apply(l, e.getKey()).equals(text)) {
          return Optional.of(e.getValue());
        }
      }
    }
    return Optional.empty();
  }

  /** True when a guard dealt with {@code text}; the flow step must not see it then. */
  boolean guarded(Turn turn, Input.Text text) {
    for (Handlers.TextGuard g : textGuards) {
      if (g.intercept(turn, text)) {
        return true;
      }
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  void step(Turn turn, FlowState state, Input input) {
    for (var e : steps.entrySet()) {
      if (e.getKey().isInstance(state)) {
        ((Handlers.Step<FlowState>) e.getValue()).handle(turn, state, input);
        return;
      }
    }
    throw new IllegalStateException("no step registered for " + state.getClass().getName());
  }
}
