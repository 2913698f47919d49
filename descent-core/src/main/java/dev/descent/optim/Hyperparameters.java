package dev.descent.optim;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Generic access to the hyperparameters of a record {@link Algorithm} by component name. */
final class Hyperparameters {
    private Hyperparameters() {}

    private static RecordComponent[] components(Algorithm a) {
        RecordComponent[] c = a.getClass().getRecordComponents();
        if (c == null) {
            throw new IllegalStateException(a.getClass().getName()
                    + " is not a record: override hyperparameters()/get()/with() to expose its hyperparameters");
        }
        return c;
    }

    private static Object read(RecordComponent c, Object o) {
        try {
            var m = c.getAccessor();
            m.setAccessible(true);
            return m.invoke(o);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read hyperparameter " + c.getName(), e);
        }
    }

    static Map<String, Object> of(Algorithm a) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : components(a)) {
            m.put(c.getName(), read(c, a));
        }
        return m;
    }

    static Object get(Algorithm a, String name) {
        for (RecordComponent c : components(a)) {
            if (c.getName().equals(name)) {
                return read(c, a);
            }
        }
        throw unknown(a, name);
    }

    private static IllegalArgumentException unknown(Algorithm a, String name) {
        List<String> names = new ArrayList<>();
        for (RecordComponent c : components(a)) {
            names.add(c.getName());
        }
        return new IllegalArgumentException(a.name() + " has no hyperparameter '" + name + "'; it has " + names);
    }

    @SuppressWarnings("unchecked")
    static <A extends Algorithm> A with(A a, String name, Object value) {
        RecordComponent[] comps = components(a);
        Object[] args = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        int found = -1;
        for (int i = 0; i < comps.length; i++) {
            types[i] = comps[i].getType();
            args[i] = read(comps[i], a);
            if (comps[i].getName().equals(name)) {
                found = i;
            }
        }
        if (found < 0) {
            throw unknown(a, name);
        }
        args[found] = convert(a, name, types[found], value);
        try {
            Constructor<?> ctor = a.getClass().getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return (A) ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild " + a.name(), e);
        }
    }

    static Object convert(Algorithm a, String name, Class<?> type, Object value) {
        if (type == double.class && value instanceof Number n) {
            return n.doubleValue();
        }
        if (type == int.class && value instanceof Number n) {
            if (n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new IllegalArgumentException(a.name() + "." + name + " must be an integer, got " + value);
            }
            return n.intValue();
        }
        if (type == long.class && value instanceof Number n) {
            return n.longValue();
        }
        if (type == boolean.class && value instanceof Boolean) {
            return value;
        }
        if (type == String.class && (value == null || value instanceof String)) {
            return value;
        }
        throw new IllegalArgumentException(a.name() + "." + name + " is a " + type.getSimpleName()
                + ", got " + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
    }
}
