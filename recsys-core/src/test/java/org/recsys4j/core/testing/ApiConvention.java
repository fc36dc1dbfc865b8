package org.recsys4j.core.testing;

import org.recsys4j.core.util.Parallel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Checks the public API of a library module against the Recsys4J API convention (docs/architecture.md,
 * "The API convention") by reflection, so the convention stays: one test per module calls it on the
 * module's packages and fails with one line per violation.
 *
 * <p>The classes are found where the anchor class was loaded from: a {@code target/classes} directory
 * (a test run in the reactor) or a jar. Every public type of the given packages (sub-packages included)
 * is checked; a nested type counts when it and every type enclosing it are public. The rules:
 * <ul>
 *   <li><b>{@link Rule#BUILDER_BUILD}</b>: every public nested builder (a type whose simple name ends in
 *       {@code Builder}) has a public no-argument {@code build()}, and no other public method named
 *       {@code build};</li>
 *   <li><b>{@link Rule#BUILDER_METHOD}</b>: its other public methods return the builder and are named
 *       {@code withX} or are an accumulator verb: {@code add}, {@code addAll}, {@code addX}, {@code then},
 *       {@code field} (plus the verbs a module allows with {@link #allowVerb}); {@code toString} and the
 *       other {@link Object} methods are left out;</li>
 *   <li><b>{@link Rule#MISSING_DEFAULT}</b>: every {@code withX} of a builder with exactly one parameter of a
 *       primitive type has a public static final {@code DEFAULT_X} (X in upper snake case:
 *       {@code withMinCount} → {@code DEFAULT_MIN_COUNT}; an option named {@code defaultX} may hold its default
 *       in {@code DEFAULT_X} rather than {@code DEFAULT_DEFAULT_X}) on the type that encloses the builder;</li>
 *   <li><b>{@link Rule#FOREIGN_TYPE}</b>: no public or protected method, constructor or field of a public type,
 *       nor a public type's supertypes, mentions a type outside {@code java.*} and {@code org.recsys4j.*}
 *       (type arguments, bounds, arrays and thrown exceptions included), unless a package prefix was allowed
 *       with {@link #allowForeignTypes};</li>
 *   <li><b>{@link Rule#SHADOWS_JAVA_LANG}</b>: no public type is named like a {@code java.lang} type
 *       ({@code IdIndex.StringBuilder} shadowed {@link StringBuilder} in every file that imported it);</li>
 *   <li><b>{@link Rule#INT_LONG_OVERLOAD}</b>: no public type has two public methods of one name that differ
 *       only in an {@code int} against a {@code long} at one parameter position: such a pair makes an
 *       {@code int} argument silently pick one meaning (a dense index) and a {@code long} the other (an id).</li>
 *   <li><b>{@link Rule#THREADS}</b>: the one rule of default thread counts. A public {@code withThreads(int)} of a
 *       type that is not a builder (builders are held by {@link Rule#MISSING_DEFAULT}) has a {@code DEFAULT_THREADS}
 *       on its type or the type enclosing it; and every public static {@code int DEFAULT_THREADS} is 1 (a result
 *       that depends on the thread count) or {@link Parallel#availableThreads()} (one that does not), the only
 *       two defaults the rule allows. Reading the constant initialises its class.</li>
 * </ul>
 * A violation that is intended is exempted by name, with a reason ({@link #exempt}); an exemption that
 * matches nothing is itself reported, so the list cannot rot.
 *
 * <pre>{@code
 * ApiConvention.of(IdIndex.class)
 *         .packages("org.recsys4j.core")
 *         .skipPackage("org.recsys4j.core.vector.internal", "not API: needs jdk.incubator.vector to load")
 *         .allowForeignTypes("org.slf4j.", "the logging API is the one dependency users are told to share")
 *         .exempt(ApiConvention.Rule.MISSING_DEFAULT, "org.recsys4j.core.Foo.Builder#withSeed(long)",
 *                 "no default: a seed is required")
 *         .check();                         // AssertionError: one line per violation
 * }</pre>
 */
public final class ApiConvention {
    /** The rules; each violation names the rule it breaks. */
    public enum Rule {
        /** A builder without a public no-argument {@code build()}, or with another public {@code build(...)}. */
        BUILDER_BUILD,
        /** A builder method that is neither {@code withX} nor an accumulator verb, or does not return the builder. */
        BUILDER_METHOD,
        /** A one-primitive-parameter {@code withX} without a {@code DEFAULT_X} constant on the built type. */
        MISSING_DEFAULT,
        /** A third-party type in a public or protected signature, field or supertype. */
        FOREIGN_TYPE,
        /** A public type named like a {@code java.lang} type. */
        SHADOWS_JAVA_LANG,
        /** Two public methods of one name that differ only in {@code int} against {@code long} at one position. */
        INT_LONG_OVERLOAD,
        /**
         * A {@code withThreads} outside a builder without a {@code DEFAULT_THREADS}, or a {@code DEFAULT_THREADS} that
         * is neither 1 nor {@link Parallel#availableThreads()}.
         */
        THREADS,
        /** A class of the scanned packages that could not be loaded or inspected. */
        UNREADABLE
    }

    /** The accumulator verbs every builder may use besides {@code withX} (and any {@code addX}). */
    public static final List<String> DEFAULT_VERBS = List.of("add", "addAll", "then", "field");

    private final Class<?> anchor;
    private final List<String> packages = new ArrayList<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();
    private final Map<String, String> foreignAllowed = new LinkedHashMap<>();
    private final Set<String> verbs = new LinkedHashSet<>(DEFAULT_VERBS);
    private final Map<String, String> exemptions = new LinkedHashMap<>();

    private ApiConvention(Class<?> anchor) {
        this.anchor = anchor;
    }

    /**
     * Returns a checker of the classes loaded from where {@code anchor} was loaded from (its module's
     * {@code target/classes} directory or jar).
     *
     * @param anchor any class of the module to check
     */
    public static ApiConvention of(Class<?> anchor) {
        return new ApiConvention(Objects.requireNonNull(anchor, "anchor"));
    }

    /** Adds package prefixes to check ({@code org.recsys4j.core} checks it and every sub-package); returns this. */
    public ApiConvention packages(String... prefixes) {
        packages.addAll(List.of(prefixes));
        return this;
    }

    /** Leaves a package (and its sub-packages) out of the scan, for a stated reason; returns this. */
    public ApiConvention skipPackage(String prefix, String reason) {
        skipped.put(prefix, requireReason(reason));
        return this;
    }

    /**
     * Allows types whose binary name starts with {@code prefix} (e.g. {@code "org.slf4j."}) in public
     * signatures, for a stated reason; returns this.
     */
    public ApiConvention allowForeignTypes(String prefix, String reason) {
        foreignAllowed.put(prefix, requireReason(reason));
        return this;
    }

    /** Allows one more accumulator verb in builders, for a stated reason; returns this. */
    public ApiConvention allowVerb(String verb, String reason) {
        requireReason(reason);
        verbs.add(verb);
        return this;
    }

    /**
     * Exempts one violation, for a stated reason; returns this. {@code subject} is what the violation's
     * line names after the rule: a type ({@code org.recsys4j.core.pipeline.RecRequest.Builder}) or a member
     * ({@code org.recsys4j.core.pipeline.RecRequest.Builder#withSeedItem(int)}).
     */
    public ApiConvention exempt(Rule rule, String subject, String reason) {
        exemptions.put(rule + " " + subject, requireReason(reason));
        return this;
    }

    private static String requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason: an exemption needs a reason");
        }
        return reason;
    }

    /** Fails with one line per violation (exempted ones left out, unused exemptions added); passes when there is none. */
    public void check() {
        List<String> v = violations();
        if (!v.isEmpty()) {
            throw new AssertionError(v.size() + " violation(s) of the API convention (docs/architecture.md, "
                    + "\"The API convention\"):\n" + String.join("\n", v));
        }
    }

    /** Returns the violations, one line each ({@code [RULE] subject: what is wrong}), sorted; empty when the API conforms. */
    public List<String> violations() {
        if (packages.isEmpty()) {
            throw new IllegalStateException("packages: none given; call packages(...) first");
        }
        Map<String, String> found = new LinkedHashMap<>();   // "RULE subject" -> line
        List<Class<?>> types = new ArrayList<>();
        for (String name : classNames()) {
            Class<?> c;
            try {
                c = Class.forName(name, false, anchor.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                add(found, Rule.UNREADABLE, name, "cannot be loaded: " + e);
                continue;
            }
            if (isApi(c)) {
                types.add(c);
            }
        }
        for (Class<?> c : types) {
            try {
                checkType(c, found);
            } catch (LinkageError | TypeNotPresentException | SecurityException e) {
                add(found, Rule.UNREADABLE, name(c), "cannot be inspected: " + e);
            }
        }
        Set<String> out = new TreeSet<>();
        Set<String> used = new HashSet<>();
        for (Map.Entry<String, String> e : found.entrySet()) {
            if (exemptions.containsKey(e.getKey())) {
                used.add(e.getKey());
            } else {
                out.add(e.getValue());
            }
        }
        for (String key : exemptions.keySet()) {
            if (!used.contains(key)) {
                out.add("[UNUSED_EXEMPTION] " + key + ": matches no violation; remove the exemption");
            }
        }
        return new ArrayList<>(out);
    }

    private static void add(Map<String, String> found, Rule rule, String subject, String problem) {
        found.putIfAbsent(rule + " " + subject, "[" + rule + "] " + subject + ": " + problem);
    }

    // ---------------------------------------------------------------- scanning

    private List<String> classNames() {
        URL location = anchor.getProtectionDomain().getCodeSource().getLocation();
        Path root;
        try {
            root = Path.of(location.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("code source of " + anchor.getName() + ": " + location, e);
        }
        List<String> files = new ArrayList<>();
        try {
            if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.walk(root)) {
                    s.filter(p -> p.toString().endsWith(".class"))
                            .forEach(p -> files.add(root.relativize(p).toString().replace('\\', '/')));
                }
            } else {
                try (JarFile jar = new JarFile(root.toFile())) {
                    for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements(); ) {
                        String n = en.nextElement().getName();
                        if (n.endsWith(".class")) {
                            files.add(n);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the classes of " + root, e);
        }
        List<String> names = new ArrayList<>();
        for (String f : files) {
            if (f.startsWith("META-INF/") || f.endsWith("module-info.class") || f.endsWith("package-info.class")) {
                continue;
            }
            String name = f.substring(0, f.length() - ".class".length()).replace('/', '.');
            if (inScope(name)) {
                names.add(name);
            }
        }
        Collections.sort(names);
        return names;
    }

    private boolean inScope(String className) {
        String pkg = className.contains(".") ? className.substring(0, className.lastIndexOf('.')) : "";
        for (String s : skipped.keySet()) {
            if (pkg.equals(s) || pkg.startsWith(s + ".")) {
                return false;
            }
        }
        for (String p : packages) {
            if (pkg.equals(p) || pkg.startsWith(p + ".")) {
                return true;
            }
        }
        return false;
    }

    /** A public top-level type, or a nested type that is public in public types all the way out. */
    private static boolean isApi(Class<?> c) {
        if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
            return false;
        }
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!Modifier.isPublic(k.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- the rules

    private void checkType(Class<?> c, Map<String, String> found) {
        checkShadowing(c, found);
        checkForeignTypes(c, found);
        checkOverloads(c, found);
        boolean builder = c.getDeclaringClass() != null && c.getSimpleName().endsWith("Builder") && !c.isInterface();
        if (builder) {
            checkBuilder(c, found);
        }
        checkThreads(c, builder, found);
    }

    /** {@link Rule#THREADS}: a DEFAULT_THREADS wherever there is a withThreads, and its value 1 or all processors. */
    private static void checkThreads(Class<?> c, boolean builder, Map<String, String> found) {
        if (!builder) {
            for (Method m : c.getMethods()) {
                if (m.getName().equals("withThreads") && m.getParameterCount() == 1 && m.getParameterTypes()[0] == int.class
                        && !Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() == c
                        && !hasConstant(c, "DEFAULT_THREADS")
                        && (c.getDeclaringClass() == null || !hasConstant(c.getDeclaringClass(), "DEFAULT_THREADS"))) {
                    add(found, Rule.THREADS, member(m), "no public static final DEFAULT_THREADS on " + name(c)
                            + (c.getDeclaringClass() == null ? "" : " or " + name(c.getDeclaringClass()))
                            + " (every thread count has a stated default)");
                }
            }
        }
        Field f;
        try {
            f = c.getDeclaredField("DEFAULT_THREADS");
        } catch (NoSuchFieldException e) {
            return;
        }
        int mod = f.getModifiers();
        if (!Modifier.isPublic(mod) || !Modifier.isStatic(mod) || f.getType() != int.class) {
            return;
        }
        int value;
        try {
            value = f.getInt(null);
        } catch (IllegalAccessException | ExceptionInInitializerError e) {
            add(found, Rule.UNREADABLE, name(c) + "#DEFAULT_THREADS", "cannot be read: " + e);
            return;
        }
        int all = Parallel.availableThreads();
        if (value != 1 && value != all) {
            add(found, Rule.THREADS, name(c) + "#DEFAULT_THREADS", value + ", neither 1 (a result that depends on the "
                    + "thread count) nor Parallel.availableThreads() = " + all + " (one that does not): the one rule of "
                    + "docs/architecture.md, Threading");
        }
    }

    private static void checkShadowing(Class<?> c, Map<String, String> found) {
        String simple = c.getSimpleName();
        try {
            Class<?> lang = Class.forName("java.lang." + simple, false, ClassLoader.getPlatformClassLoader());
            if (Modifier.isPublic(lang.getModifiers())) {
                add(found, Rule.SHADOWS_JAVA_LANG, name(c), "named like java.lang." + simple
                        + ", which it hides in every file that imports it; rename it");
            }
        } catch (ClassNotFoundException e) {
            // not a java.lang name
        }
    }

    private void checkForeignTypes(Class<?> c, Map<String, String> found) {
        Type sup = c.getGenericSuperclass();
        if (sup != null) {
            foreign(sup, name(c) + " (superclass)", found);
        }
        for (Type i : c.getGenericInterfaces()) {
            foreign(i, name(c) + " (interface)", found);
        }
        for (TypeVariable<?> v : c.getTypeParameters()) {
            for (Type b : v.getBounds()) {
                foreign(b, name(c) + " (type parameter " + v.getName() + ")", found);
            }
        }
        boolean subclassable = !Modifier.isFinal(c.getModifiers()) && !c.isEnum() && !c.isRecord();
        for (Field f : c.getDeclaredFields()) {
            if (visible(f, subclassable) && !f.isSynthetic()) {
                foreign(f.getGenericType(), name(c) + "#" + f.getName(), found);
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (visible(k, subclassable) && !k.isSynthetic()) {
                signature(k, found);
            }
        }
        for (Method m : members(c, subclassable)) {
            signature(m, found);
        }
    }

    /** The public methods of the type (inherited ones too, from non-JDK types) and its protected ones. */
    private static List<Method> members(Class<?> c, boolean subclassable) {
        List<Method> out = new ArrayList<>();
        for (Method m : c.getMethods()) {
            if (!m.isSynthetic() && !m.isBridge() && !m.getDeclaringClass().getName().startsWith("java.")) {
                out.add(m);
            }
        }
        if (subclassable) {
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isProtected(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static boolean visible(Member m, boolean subclassable) {
        int mod = m.getModifiers();
        return Modifier.isPublic(mod) || (subclassable && Modifier.isProtected(mod));
    }

    private void signature(Executable e, Map<String, String> found) {
        String where = member(e);
        if (e instanceof Method m) {
            foreign(m.getGenericReturnType(), where, found);
        }
        for (Type t : e.getGenericParameterTypes()) {
            foreign(t, where, found);
        }
        for (Type t : e.getGenericExceptionTypes()) {
            foreign(t, where, found);
        }
        for (TypeVariable<?> v : e.getTypeParameters()) {
            for (Type b : v.getBounds()) {
                foreign(b, where, found);
            }
        }
    }

    private void foreign(Type t, String where, Map<String, String> found) {
        Set<Class<?>> classes = new LinkedHashSet<>();
        collect(t, classes, new HashSet<>());
        for (Class<?> k : classes) {
            if (k.isPrimitive()) {
                continue;
            }
            String n = k.getName();
            if (n.startsWith("java.") || n.startsWith("org.recsys4j.")) {
                continue;
            }
            boolean allowed = false;
            for (String p : foreignAllowed.keySet()) {
                if (n.startsWith(p)) {
                    allowed = true;
                    break;
                }
            }
            if (!allowed) {
                add(found, Rule.FOREIGN_TYPE, where, "mentions the third-party type " + n
                        + "; use a java.* type, an array or a type of our own");
            }
        }
    }

    private static void collect(Type t, Set<Class<?>> out, Set<Type> seen) {
        if (t == null || !seen.add(t)) {
            return;
        }
        if (t instanceof Class<?> k) {
            while (k.isArray()) {
                k = k.getComponentType();
            }
            out.add(k);
        } else if (t instanceof ParameterizedType p) {
            collect(p.getRawType(), out, seen);
            collect(p.getOwnerType(), out, seen);
            for (Type a : p.getActualTypeArguments()) {
                collect(a, out, seen);
            }
        } else if (t instanceof GenericArrayType g) {
            collect(g.getGenericComponentType(), out, seen);
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                collect(b, out, seen);
            }
            for (Type b : w.getLowerBounds()) {
                collect(b, out, seen);
            }
        } else if (t instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                collect(b, out, seen);
            }
        }
    }

    private static void checkOverloads(Class<?> c, Map<String, String> found) {
        List<Method> ms = new ArrayList<>();
        for (Method m : c.getMethods()) {
            if (!m.isSynthetic() && !m.isBridge() && !m.getDeclaringClass().getName().startsWith("java.")) {
                ms.add(m);
            }
        }
        for (int a = 0; a < ms.size(); a++) {
            for (int b = a + 1; b < ms.size(); b++) {
                Method x = ms.get(a);
                Method y = ms.get(b);
                if (!x.getName().equals(y.getName()) || x.getParameterCount() != y.getParameterCount()) {
                    continue;
                }
                Class<?>[] px = x.getParameterTypes();
                Class<?>[] py = y.getParameterTypes();
                int differing = 0;
                boolean intLong = false;
                for (int i = 0; i < px.length; i++) {
                    if (px[i] != py[i]) {
                        differing++;
                        intLong = (px[i] == int.class && py[i] == long.class) || (px[i] == long.class && py[i] == int.class);
                    }
                }
                if (differing == 1 && intLong) {
                    Method first = px.length > 0 && Arrays.asList(px).contains(int.class) ? x : y;
                    add(found, Rule.INT_LONG_OVERLOAD, name(c) + "#" + x.getName(), member(x) + " and " + member(y)
                            + " differ only in int against long, so an int argument silently picks "
                            + shortMember(first) + "; give them different names (an index is ...At(int index), an id takes long)");
                }
            }
        }
    }

    private void checkBuilder(Class<?> b, Map<String, String> found) {
        String bn = name(b);
        boolean hasBuild = false;
        for (Method m : b.getMethods()) {
            if (m.isSynthetic() || m.isBridge() || m.getDeclaringClass() == Object.class || isObjectMethod(m)) {
                continue;
            }
            String n = m.getName();
            if (n.equals("build")) {
                if (m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())) {
                    hasBuild = true;
                } else {
                    add(found, Rule.BUILDER_BUILD, member(m), "a builder ends with build() and nothing else; "
                            + "take required inputs in the factory and options as withX");
                }
                continue;
            }
            if (Modifier.isStatic(m.getModifiers())) {
                add(found, Rule.BUILDER_METHOD, member(m), "a static method on a builder; put factories on the built type");
                continue;
            }
            boolean named = isWith(n) || isVerb(n);
            boolean returnsBuilder = m.getReturnType() == b;
            if (!named || !returnsBuilder) {
                add(found, Rule.BUILDER_METHOD, member(m), (named ? "" : "is neither withX nor an accumulator verb "
                        + verbList() + (returnsBuilder ? "" : ", and "))
                        + (returnsBuilder ? "" : "returns " + m.getReturnType().getSimpleName() + ", not the builder"));
                continue;
            }
            if (isWith(n) && m.getParameterCount() == 1 && m.getParameterTypes()[0].isPrimitive()) {
                String constant = "DEFAULT_" + upperSnake(n.substring(4, 5).toLowerCase(Locale.ROOT) + n.substring(5));
                Class<?> owner = b.getDeclaringClass();
                // withDefaultQuota sets the quota of whatever has none of its own: its default is DEFAULT_QUOTA
                // (DEFAULT_DEFAULT_QUOTA would only stutter), so either name holds the default
                String unstuttered = constant.startsWith("DEFAULT_DEFAULT_") ? constant.substring("DEFAULT_".length()) : null;
                if (!hasConstant(owner, constant) && (unstuttered == null || !hasConstant(owner, unstuttered))) {
                    add(found, Rule.MISSING_DEFAULT, member(m), "no public static final " + constant + " on "
                            + name(owner) + " (say the default once, as a constant, and use it in the javadoc)");
                }
            }
        }
        if (!hasBuild) {
            add(found, Rule.BUILDER_BUILD, bn, "no public build() without arguments");
        }
    }

    private String verbList() {
        List<String> v = new ArrayList<>(verbs);
        v.add("addX");
        return "(" + String.join(", ", v) + ")";
    }

    private static boolean isWith(String n) {
        return n.length() > 4 && n.startsWith("with") && Character.isUpperCase(n.charAt(4));
    }

    private boolean isVerb(String n) {
        return verbs.contains(n) || (n.length() > 3 && n.startsWith("add") && Character.isUpperCase(n.charAt(3)));
    }

    private static boolean isObjectMethod(Method m) {
        try {
            Object.class.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static boolean hasConstant(Class<?> owner, String name) {
        try {
            Field f = owner.getField(name);
            int mod = f.getModifiers();
            return Modifier.isStatic(mod) && Modifier.isFinal(mod);
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    /** {@code minCount} → {@code MIN_COUNT}; {@code ttlMillis} → {@code TTL_MILLIS}; {@code k} → {@code K}. */
    public static String upperSnake(String camel) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char ch = camel.charAt(i);
            if (Character.isUpperCase(ch) && i > 0
                    && (!Character.isUpperCase(camel.charAt(i - 1))
                    || (i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1))))) {
                sb.append('_');
            }
            sb.append(Character.toUpperCase(ch));
        }
        return sb.toString();
    }

    private static String name(Class<?> c) {
        return c.getName().replace('$', '.');
    }

    private static String member(Executable e) {
        StringBuilder sb = new StringBuilder(name(e.getDeclaringClass())).append('#')
                .append(e instanceof Constructor ? e.getDeclaringClass().getSimpleName() : e.getName()).append('(');
        Class<?>[] ps = e.getParameterTypes();
        for (int i = 0; i < ps.length; i++) {
            sb.append(i > 0 ? ", " : "").append(ps[i].getSimpleName());
        }
        return sb.append(')').toString();
    }

    private static String shortMember(Method m) {
        String s = member(m);
        return s.substring(s.indexOf('#') + 1);
    }
}
