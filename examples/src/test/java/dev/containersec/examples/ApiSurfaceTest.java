package dev.containersec.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every public signature of every library module's exported package speaks only JDK and containersec
 * types: no Jackson, CEL, SnakeYAML, SQLite or SLF4J type leaks into a method, constructor, field,
 * record component or thrown type, so users never depend on our dependencies.
 */
class ApiSurfaceTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev.containersec.api.Digest", "dev.containersec.image.ImageReader",
        "dev.containersec.sbom.SbomReader", "dev.containersec.policy.PodSecurity",
        "dev.containersec.runtime.RuleEngine", "dev.containersec.signature.ImageVerifier"})
    void exportedPackage_publicSignatures_useOnlyJdkAndContainersecTypes(String anchor) throws Exception {
        Class<?> anchorClass = Class.forName(anchor);
        String pkg = anchorClass.getPackageName();
        TreeSet<String> leaks = new TreeSet<>();
        List<String> classes = classesOf(anchorClass, pkg);
        assertThat(classes).as("public types found in " + pkg).hasSizeGreaterThan(2);
        for (String name : classes) {
            Class<?> c = Class.forName(name);
            if (!Modifier.isPublic(c.getModifiers())) {
                continue;
            }
            check(c.getGenericSuperclass(), c.getName() + " extends", leaks);
            for (Type t : c.getGenericInterfaces()) {
                check(t, c.getName() + " implements", leaks);
            }
            for (Method m : c.getDeclaredMethods()) {
                if (visible(m.getModifiers()) && !m.isSynthetic()) {
                    check(m.getGenericReturnType(), c.getName() + "." + m.getName() + " returns", leaks);
                    checkExecutable(m, c.getName() + "." + m.getName(), leaks);
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (visible(k.getModifiers()) && !k.isSynthetic()) {
                    checkExecutable(k, c.getName() + ".<init>", leaks);
                }
            }
            for (Field f : c.getDeclaredFields()) {
                if (visible(f.getModifiers()) && !f.isSynthetic()) {
                    check(f.getGenericType(), c.getName() + "." + f.getName(), leaks);
                }
            }
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    check(rc.getGenericType(), c.getName() + "." + rc.getName(), leaks);
                }
            }
        }
        assertThat(leaks).as("non-JDK, non-containersec types in the public API of " + pkg).isEmpty();
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void checkExecutable(Executable e, String where, TreeSet<String> leaks) {
        for (Type p : e.getGenericParameterTypes()) {
            check(p, where + " parameter", leaks);
        }
        for (Type x : e.getGenericExceptionTypes()) {
            check(x, where + " throws", leaks);
        }
    }

    private static void check(Type t, String where, TreeSet<String> leaks) {
        if (t == null) {
            return;
        }
        if (t instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (c.isPrimitive()) {
                return;
            }
            String n = c.getName();
            if (!(n.startsWith("java.") || n.startsWith("dev.containersec."))) {
                leaks.add(where + ": " + n);
            }
        } else if (t instanceof ParameterizedType p) {
            check(p.getRawType(), where, leaks);
            for (Type a : p.getActualTypeArguments()) {
                check(a, where, leaks);
            }
        } else if (t instanceof GenericArrayType g) {
            check(g.getGenericComponentType(), where, leaks);
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                check(b, where, leaks);
            }
            for (Type b : w.getLowerBounds()) {
                check(b, where, leaks);
            }
        } else if (t instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                check(b, where, leaks);
            }
        }
    }

    /** The classes directly in {@code pkg} (not sub-packages) of the jar or directory holding the anchor. */
    private static List<String> classesOf(Class<?> anchor, String pkg) throws IOException, URISyntaxException {
        Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        String dir = pkg.replace('.', '/');
        List<String> out = new ArrayList<>();
        if (Files.isDirectory(location)) {
            collect(location.resolve(dir), pkg, out);
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(URI.create("jar:" + location.toUri()), Map.of())) {
                collect(jar.getPath("/" + dir), pkg, out);
            }
        }
        return out;
    }

    private static void collect(Path dir, String pkg, List<String> out) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.equals("package-info.class"))
                    .forEach(n -> out.add(pkg + "." + n.substring(0, n.length() - ".class".length())));
        }
    }
}
