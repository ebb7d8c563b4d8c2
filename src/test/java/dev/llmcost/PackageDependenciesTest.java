package dev.llmcost;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layers of docs/DESIGN.md, read from the sources: {@code cli/} is reached only from {@code Main},
 * packages do not import each other in a circle, and only {@code cli/} knows picocli and only
 * {@code web/} and {@code proxy/} the HTTP server. An import and a fully qualified name in code both count.
 */
class PackageDependenciesTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/llmcost");
    private static final Pattern PACKAGE = Pattern.compile("^package dev\\.llmcost(?:\\.(\\w+))?;", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.llmcost\\.(?:(\\w+)\\.)?([A-Z]\\w*)");
    private static final String ROOT = "(root)";

    /** One source file: its package, the packages it uses, and the libraries it names. */
    private record Source(Path file, String pkg, Set<String> uses, String code) {
    }

    private static List<Source> sources() throws IOException {
        List<Source> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String code = withoutCommentsAndStrings(Files.readString(file));
                Matcher declared = PACKAGE.matcher(code);
                assertTrue(declared.find(), file + " declares no package");
                String pkg = declared.group(1) == null ? ROOT : declared.group(1);
                Set<String> uses = new TreeSet<>();
                Matcher reference = REFERENCE.matcher(code.substring(declared.end()));
                while (reference.find()) {
                    String used = reference.group(1) == null ? ROOT : reference.group(1);
                    if (!used.equals(pkg)) {
                        uses.add(used);
                    }
                }
                sources.add(new Source(file, pkg, uses, code));
            }
        }
        assertFalse(sources.isEmpty(), "no sources under " + SOURCES.toAbsolutePath());
        return sources;
    }

    @Test
    void onlyMainReachesTheCommandLayer() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Source source : sources()) {
            boolean isMain = source.file().getFileName().toString().equals("Main.java") && source.pkg().equals(ROOT);
            if (!source.pkg().equals("cli") && !isMain && source.uses().contains("cli")) {
                offenders.add(SOURCES.relativize(source.file()).toString());
            }
        }
        assertEquals(List.of(), offenders, "these import dev.llmcost.cli; only Main may");
    }

    @Test
    void packagesImportEachOtherWithoutACircle() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Source source : sources()) {
            graph.computeIfAbsent(source.pkg(), p -> new TreeSet<>()).addAll(source.uses());
        }
        List<String> cycle = cycle(graph);
        assertEquals(List.of(), cycle, "packages import each other in a circle: " + String.join(" -> ", cycle));
    }

    @Test
    void onlyTheCommandLayerKnowsPicocliAndOnlyTheServersKnowHttp() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Source source : sources()) {
            if (!source.pkg().equals("cli") && source.code().contains("picocli.")) {
                offenders.add(source.file() + " uses picocli");
            }
            if (!Set.of("web", "proxy").contains(source.pkg()) && source.code().contains("com.sun.net.httpserver")) {
                offenders.add(source.file() + " uses the HTTP server");
            }
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void theCheckSeesACircleAndAnImportFromCliWhenThereIsOne() {
        Map<String, Set<String>> graph = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a")));
        assertEquals(List.of("a", "b", "c", "a"), cycle(graph));
        assertEquals(List.of(), cycle(Map.of("a", Set.of("b"), "b", Set.of())));
        Matcher reference = REFERENCE.matcher("return new dev.llmcost.cli.RecordCommand();");
        assertTrue(reference.find());
        assertEquals("cli", reference.group(1));
    }

    /** A circle of packages as a path that returns to its start, or an empty list. */
    private static List<String> cycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new TreeMap<>(); // absent: unvisited, 1: on the path, 2: done
        for (String start : new TreeSet<>(graph.keySet())) {
            List<String> path = new ArrayList<>();
            if (visit(start, graph, state, path)) {
                return path;
            }
        }
        return List.of();
    }

    private static boolean visit(String node, Map<String, Set<String>> graph, Map<String, Integer> state, List<String> path) {
        Integer seen = state.get(node);
        if (seen != null && seen == 2) {
            return false;
        }
        if (seen != null) {
            path.subList(0, path.indexOf(node)).clear();
            path.add(node);
            return true;
        }
        state.put(node, 1);
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (visit(next, graph, state, path)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return false;
    }

    /** The code alone: a package named in a comment or a message is not a dependency. */
    private static String withoutCommentsAndStrings(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                i = source.indexOf('\n', i) < 0 ? source.length() : source.indexOf('\n', i);
            } else if (source.startsWith("/*", i)) {
                i = source.indexOf("*/", i + 2) + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                i = source.indexOf("\"\"\"", i + 3) + 3;
                code.append("\"\"");
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (source.charAt(end) != c) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                i = end + 1;
                code.append(c).append(c);
            } else {
                code.append(c);
                i++;
            }
        }
        return code.toString();
    }
}
