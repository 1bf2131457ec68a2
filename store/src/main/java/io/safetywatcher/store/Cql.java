package io.safetywatcher.store;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * One statement's text, with {@value #KS} where the keyspace goes. Owners declare every
 * statement they run as a static {@code Cql} (or {@link Shape}) constant, so {@link #declaredIn}
 * lists all of them and the schema test prepares each one: none can be left out.
 */
public record Cql(String template) {
    public static final String KS = "{ks}";

    public Cql {
        if (!template.contains(KS + ".")) {
            // Unqualified names would depend on the session's keyspace; every statement names its own.
            throw new IllegalArgumentException("a statement names its tables as " + KS + ".table: " + template);
        }
    }

    /** The text for {@code keyspace}, ready to prepare. */
    public String in(String keyspace) { return template.replace(KS, keyspace); }

    /** Every statement an owner class declares (its static Cql and Shape constants), for {@code keyspace}. */
    public static List<String> declaredIn(Class<?> owner, String keyspace) {
        List<String> out = new ArrayList<>();
        for (Field f : owner.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || (f.getType() != Cql.class && f.getType() != Shape.class)) {
                continue;
            }
            try {
                f.setAccessible(true);
                Object v = f.get(null);
                out.add((v instanceof Shape s ? s.insert() : (Cql) v).in(keyspace));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + owner.getName() + "." + f.getName(), e);
            }
        }
        return out;
    }
}
