package dev.mvm.api.access;

import dev.mvm.api.error.ValidationException;
import dev.mvm.api.model.ModelName;
import java.util.List;

/**
 * Where a grant applies: the whole registry, one namespace (the {@code team/} prefix of model names), or one
 * model. Wider scopes include narrower ones: a grant at {@code global} applies to every model, a grant at
 * {@code namespace:nlp} to every model named {@code nlp/...}, a grant at {@code model:nlp/bert} to that model
 * only. A model scope may name a model that does not exist yet (for example to let someone register it).
 *
 * <p>Text form: {@code global}, {@code namespace:<name>}, {@code model:<model name>}.
 *
 * @param kind how wide the scope is
 * @param name the namespace or model name; empty for {@link Kind#GLOBAL}
 * @since 0.1
 */
public record Scope(Kind kind, String name) {
    private static final Scope GLOBAL = new Scope(Kind.GLOBAL, "");

    /** How wide a scope is, widest first. */
    public enum Kind {
        /** Every model. */
        GLOBAL,
        /** Every model in one namespace. */
        NAMESPACE,
        /** One model. */
        MODEL
    }

    /**
     * @throws ValidationException if the name does not fit the kind
     */
    public Scope {
        if (kind == null) {
            throw new ValidationException("scope", "Invalid scope: the kind is missing; allowed: global,"
                    + " namespace:<name>, model:<name>");
        }
        if (name == null) {
            throw new ValidationException("scope", "Invalid " + kind + " scope: the name is missing");
        }
        switch (kind) {
            case GLOBAL -> {
                if (!name.isEmpty()) {
                    throw new ValidationException("scope", "The global scope has no name, not '" + name + "'");
                }
            }
            case NAMESPACE -> {
                if (name.contains("/")) {
                    throw new ValidationException("scope", "Invalid namespace '" + name
                            + "': a namespace is the part of a model name before '/', without the '/'");
                }
                ModelName.of(name);
            }
            case MODEL -> ModelName.of(name);
            default -> throw new IllegalStateException("unreachable");
        }
    }

    /** @return the scope of the whole registry */
    public static Scope global() {
        return GLOBAL;
    }

    /**
     * @param namespace a namespace, e.g. {@code nlp}
     * @return the scope of every model in it
     * @throws ValidationException if it is not a valid namespace
     */
    public static Scope namespace(String namespace) {
        return new Scope(Kind.NAMESPACE, namespace);
    }

    /**
     * @param model a model name
     * @return the scope of that model
     * @throws ValidationException if it is not a valid model name
     */
    public static Scope model(String model) {
        return new Scope(Kind.MODEL, model);
    }

    /**
     * @param model a model name
     * @return the scope of that model
     */
    public static Scope model(ModelName model) {
        return new Scope(Kind.MODEL, model.value());
    }

    /**
     * Parses the text form.
     *
     * @param text {@code global}, {@code namespace:<name>} or {@code model:<name>}
     * @return the scope
     * @throws ValidationException if the text is not one of these
     */
    public static Scope parse(String text) {
        if ("global".equals(text)) {
            return GLOBAL;
        }
        if (text != null && text.startsWith("namespace:")) {
            return namespace(text.substring("namespace:".length()));
        }
        if (text != null && text.startsWith("model:")) {
            return model(text.substring("model:".length()));
        }
        throw new ValidationException("scope", "Invalid scope '" + text + "': expected global, namespace:<name>"
                + " or model:<name>");
    }

    /**
     * @param model a model name
     * @return whether a grant at this scope applies to that model
     */
    public boolean covers(ModelName model) {
        return switch (kind) {
            case GLOBAL -> true;
            case NAMESPACE -> model.value().length() > name.length() && model.value().startsWith(name)
                    && model.value().charAt(name.length()) == '/';
            case MODEL -> model.value().equals(name);
        };
    }

    /**
     * @param other another scope
     * @return whether this scope is {@code other} or wider than it, so a grant here applies there too
     */
    public boolean contains(Scope other) {
        return switch (kind) {
            case GLOBAL -> true;
            case NAMESPACE -> other.kind == Kind.NAMESPACE ? other.name.equals(name)
                    : other.kind == Kind.MODEL && covers(ModelName.of(other.name));
            case MODEL -> equals(other);
        };
    }

    /** @return this scope followed by every wider scope that contains it, ending with {@code global} */
    public List<Scope> andWider() {
        return switch (kind) {
            case GLOBAL -> List.of(GLOBAL);
            case NAMESPACE -> List.of(this, GLOBAL);
            case MODEL -> ModelName.of(name).namespace()
                    .map(ns -> List.of(this, namespace(ns), GLOBAL))
                    .orElse(List.of(this, GLOBAL));
        };
    }

    /** @return the text form, e.g. {@code namespace:nlp} */
    @Override
    public String toString() {
        return kind == Kind.GLOBAL ? "global" : kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + name;
    }
}
