package io.resgrow.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * A DJL user imports resgrow's types beside DJL's in one file: no public resgrow type may share a
 * simple name with a public DJL type on the class path (api, basicdataset, the PyTorch engine).
 */
class NameClashTest {

    @Test
    void noPublicTypeSharesASimpleNameWithDjl() {
        Map<String, String> djl = publicTypes("ai/djl/");
        Map<String, String> resgrow = publicTypes("io/resgrow/");
        assertTrue(djl.size() > 300, "DJL's types were found on the class path: " + djl.size());
        assertTrue(djl.containsKey("ImageFolder"), "basicdataset is on the class path");
        assertTrue(resgrow.size() > 100, "resgrow's types were found: " + resgrow.size());
        Set<String> clashes = new TreeSet<>();
        for (String name : resgrow.keySet()) {
            if (djl.containsKey(name)) {
                clashes.add(resgrow.get(name) + " vs " + djl.get(name));
            }
        }
        assertEquals(Set.of(), clashes);
    }

    /** Public top-level types under a path prefix, simple name to full name, main classes only. */
    private static Map<String, String> publicTypes(String prefix) {
        Map<String, String> found = new TreeMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("test-classes") || entry.endsWith("-tests.jar")) {
                continue;
            }
            for (String file : classFiles(Path.of(entry))) {
                if (file.startsWith(prefix) && !file.contains("$") && !file.endsWith("package-info.class")) {
                    String name =
                            file.substring(0, file.length() - ".class".length()).replace('/', '.');
                    if (isPublic(name)) {
                        found.put(name.substring(name.lastIndexOf('.') + 1), name);
                    }
                }
            }
        }
        return found;
    }

    private static Set<String> classFiles(Path entry) {
        Set<String> files = new TreeSet<>();
        try {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> walk = Files.walk(entry)) {
                    walk.filter(p -> p.toString().endsWith(".class"))
                            .forEach(p ->
                                    files.add(entry.relativize(p).toString().replace(File.separatorChar, '/')));
                }
            } else if (entry.toString().endsWith(".jar") && Files.isRegularFile(entry)) {
                try (ZipFile zip = new ZipFile(entry.toFile())) {
                    zip.stream()
                            .map(e -> e.getName())
                            .filter(n -> n.endsWith(".class"))
                            .forEach(files::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static boolean isPublic(String className) {
        try {
            return Modifier.isPublic(Class.forName(className, false, NameClashTest.class.getClassLoader())
                    .getModifiers());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
