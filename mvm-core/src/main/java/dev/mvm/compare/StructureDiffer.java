package dev.mvm.compare;

import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.inspect.FileStructure;
import dev.mvm.api.inspect.GraphValue;
import dev.mvm.api.inspect.ModelStructure;
import dev.mvm.api.inspect.TensorInfo;
import dev.mvm.api.model.Bump;
import dev.mvm.inspect.HuggingFaceConfigInspector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Computes {@link StructureDiff}s, map diffs and {@link BumpSuggestion}s. */
final class StructureDiffer {
    private static final Set<String> GGUF_ARCHITECTURE_SUFFIXES = Set.of("block_count", "embedding_length",
            "feed_forward_length", "head_count", "head_count_kv", "context_length", "vocab_size", "expert_count",
            "rope.dimension_count");
    private static final Set<String> DOC_SUFFIXES = Set.of(".md", ".txt", ".rst", ".gitattributes", ".gitignore");

    private StructureDiffer() {
    }

    /** A version's files and structure, the input of a diff. */
    record Side(List<ManifestEntry> files, ModelStructure structure) {
    }

    static List<EntryChange> diffMaps(Map<String, String> older, Map<String, String> newer) {
        List<EntryChange> out = new ArrayList<>();
        for (String key : new TreeSet<>(union(older.keySet(), newer.keySet()))) {
            String a = older.get(key);
            String b = newer.get(key);
            if (a == null) {
                out.add(new EntryChange(key, ChangeKind.ADDED, null, b));
            } else if (b == null) {
                out.add(new EntryChange(key, ChangeKind.REMOVED, a, null));
            } else if (!a.equals(b)) {
                out.add(new EntryChange(key, ChangeKind.CHANGED, a, b));
            }
        }
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    static StructureDiff diff(Side older, Side newer) {
        ModelStructure a = older.structure();
        ModelStructure b = newer.structure();
        return new StructureDiff(a.parameterCount(), b.parameterCount(), b.parameterCount() - a.parameterCount(),
                a.tensorCount(), b.tensorCount(), tensors(a, b), layers(a, b),
                diffMaps(counts(a), counts(b)), graphValues(a, b), diffMaps(metadata(a), metadata(b)),
                files(older.files(), newer.files()), unchanged(older.files(), newer.files()));
    }

    private static List<TensorChange> tensors(ModelStructure a, ModelStructure b) {
        Map<String, TensorInfo> older = tensorMap(a);
        Map<String, TensorInfo> newer = tensorMap(b);
        List<TensorChange> out = new ArrayList<>();
        for (TensorInfo t : older.values()) {
            TensorInfo n = newer.get(t.name());
            if (n == null) {
                out.add(new TensorChange(t.name(), ChangeKind.REMOVED, t.dtype(), null, t.shape(), null,
                        -t.parameterCount()));
            } else if (!n.dtype().equals(t.dtype()) || !n.shape().equals(t.shape())) {
                out.add(new TensorChange(t.name(), ChangeKind.CHANGED, t.dtype(), n.dtype(), t.shape(), n.shape(),
                        n.parameterCount() - t.parameterCount()));
            }
        }
        for (TensorInfo n : newer.values()) {
            if (!older.containsKey(n.name())) {
                out.add(new TensorChange(n.name(), ChangeKind.ADDED, null, n.dtype(), null, n.shape(),
                        n.parameterCount()));
            }
        }
        return out;
    }

    private static Map<String, TensorInfo> tensorMap(ModelStructure s) {
        Map<String, TensorInfo> out = new LinkedHashMap<>();
        for (FileStructure f : s.files()) {
            for (TensorInfo t : f.tensors()) {
                out.putIfAbsent(t.name(), t);
            }
        }
        return out;
    }

    private static List<EntryChange> layers(ModelStructure a, ModelStructure b) {
        Map<String, String> older = new LinkedHashMap<>();
        Map<String, String> newer = new LinkedHashMap<>();
        a.files().forEach(f -> f.layers().forEach(l -> older.putIfAbsent(l.name(), l.type())));
        b.files().forEach(f -> f.layers().forEach(l -> newer.putIfAbsent(l.name(), l.type())));
        return diffMaps(older, newer);
    }

    private static Map<String, String> counts(ModelStructure s) {
        Map<String, Integer> n = new TreeMap<>();
        s.files().forEach(f -> f.operators().forEach((op, c) -> n.merge(op, c, Integer::sum)));
        Map<String, String> out = new TreeMap<>();
        n.forEach((op, c) -> out.put(op, Integer.toString(c)));
        return out;
    }

    private static List<GraphValueChange> graphValues(ModelStructure a, ModelStructure b) {
        List<GraphValueChange> out = new ArrayList<>();
        out.addAll(values("input", collect(a, true), collect(b, true)));
        out.addAll(values("output", collect(a, false), collect(b, false)));
        return out;
    }

    private static Map<String, GraphValue> collect(ModelStructure s, boolean inputs) {
        Map<String, GraphValue> out = new LinkedHashMap<>();
        for (FileStructure f : s.files()) {
            for (GraphValue v : inputs ? f.inputs() : f.outputs()) {
                out.putIfAbsent(v.name(), v);
            }
        }
        return out;
    }

    private static List<GraphValueChange> values(String role, Map<String, GraphValue> older,
            Map<String, GraphValue> newer) {
        List<GraphValueChange> out = new ArrayList<>();
        for (GraphValue v : older.values()) {
            GraphValue n = newer.get(v.name());
            if (n == null) {
                out.add(new GraphValueChange(role, v.name(), ChangeKind.REMOVED, v.dtype(), null, v.shape(), null));
            } else if (!n.equals(v)) {
                out.add(new GraphValueChange(role, v.name(), ChangeKind.CHANGED, v.dtype(), n.dtype(), v.shape(),
                        n.shape()));
            }
        }
        for (GraphValue n : newer.values()) {
            if (!older.containsKey(n.name())) {
                out.add(new GraphValueChange(role, n.name(), ChangeKind.ADDED, null, n.dtype(), null, n.shape()));
            }
        }
        return out;
    }

    private static Map<String, String> metadata(ModelStructure s) {
        Map<String, String> out = new TreeMap<>();
        for (FileStructure f : s.files()) {
            f.metadata().forEach((k, v) -> out.put(f.path().value() + ": " + k, v));
        }
        return out;
    }

    private static List<FileChange> files(List<ManifestEntry> older, List<ManifestEntry> newer) {
        Map<ArtifactPath, ManifestEntry> a = byPath(older);
        Map<ArtifactPath, ManifestEntry> b = byPath(newer);
        List<FileChange> out = new ArrayList<>();
        Set<ArtifactPath> all = new TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        for (ArtifactPath p : all) {
            ManifestEntry x = a.get(p);
            ManifestEntry y = b.get(p);
            if (x == null) {
                out.add(new FileChange(p.value(), ChangeKind.ADDED, null, y.size(), null, y.sha256().hex()));
            } else if (y == null) {
                out.add(new FileChange(p.value(), ChangeKind.REMOVED, x.size(), null, x.sha256().hex(), null));
            } else if (!x.sha256().equals(y.sha256()) || x.size() != y.size()) {
                out.add(new FileChange(p.value(), ChangeKind.CHANGED, x.size(), y.size(), x.sha256().hex(),
                        y.sha256().hex()));
            }
        }
        return out;
    }

    private static int unchanged(List<ManifestEntry> older, List<ManifestEntry> newer) {
        Map<ArtifactPath, ManifestEntry> b = byPath(newer);
        int n = 0;
        for (ManifestEntry e : older) {
            ManifestEntry other = b.get(e.path());
            if (other != null && other.sha256().equals(e.sha256())) {
                n++;
            }
        }
        return n;
    }

    private static Map<ArtifactPath, ManifestEntry> byPath(List<ManifestEntry> files) {
        Map<ArtifactPath, ManifestEntry> out = new TreeMap<>();
        files.forEach(f -> out.put(f.path(), f));
        return out;
    }

    /**
     * @param diff the structure diff
     * @param older the older side (its weight files)
     * @param newer the newer side
     * @param metadataChanged whether metrics, params, tags or description differ
     * @return the suggested bump with reasons
     */
    static BumpSuggestion suggest(StructureDiff diff, Side older, Side newer, boolean metadataChanged) {
        List<String> major = new ArrayList<>();
        if (!diff.tensors().isEmpty()) {
            long added = diff.tensors().stream().filter(t -> t.kind() == ChangeKind.ADDED).count();
            long removed = diff.tensors().stream().filter(t -> t.kind() == ChangeKind.REMOVED).count();
            long changed = diff.tensors().size() - added - removed;
            major.add("tensors changed: " + added + " added, " + removed + " removed, " + changed
                    + " with a new shape or type");
        }
        if (!diff.layers().isEmpty()) {
            major.add(diff.layers().size() + " layer(s) added, removed or retyped");
        }
        if (!diff.operators().isEmpty()) {
            major.add("operator counts changed: " + String.join(", ", diff.operators().stream()
                    .map(e -> e.key() + " " + nz(e.oldValue()) + "→" + nz(e.newValue())).toList()));
        }
        if (!diff.graphValues().isEmpty()) {
            major.add("graph inputs/outputs changed: " + String.join(", ", diff.graphValues().stream()
                    .map(v -> v.role() + " " + v.name() + " " + v.kind().name().toLowerCase(Locale.ROOT)).toList()));
        }
        for (EntryChange m : diff.metadata()) {
            if (isArchitectureKey(m.key())) {
                major.add("architecture setting " + m.key() + ": " + nz(m.oldValue()) + " → " + nz(m.newValue()));
            }
        }
        if (!major.isEmpty()) {
            return new BumpSuggestion(Bump.MAJOR, major);
        }
        Set<String> weights = new HashSet<>();
        Set<String> inspected = new HashSet<>();
        for (Side side : List.of(older, newer)) {
            for (FileStructure f : side.structure().files()) {
                inspected.add(f.path().value());
                if (!f.tensors().isEmpty()) {
                    weights.add(f.path().value());
                    f.covers().forEach(p -> weights.add(p.value()));
                }
            }
        }
        List<String> minor = new ArrayList<>();
        List<String> patch = new ArrayList<>();
        for (FileChange f : diff.files()) {
            String what = f.path() + " " + f.kind().name().toLowerCase(Locale.ROOT);
            if (weights.contains(f.path())) {
                minor.add("weights " + what);
            } else if (isDocumentation(f.path()) || (inspected.contains(f.path()) && f.kind() == ChangeKind.CHANGED)) {
                patch.add("metadata file " + what);
            } else {
                minor.add("file " + what);
            }
        }
        if (!minor.isEmpty()) {
            return new BumpSuggestion(Bump.MINOR, minor);
        }
        if (metadataChanged) {
            patch.add("metrics, parameters, tags or description changed");
        }
        if (patch.isEmpty()) {
            patch.add("no difference in files or structure");
        }
        return new BumpSuggestion(Bump.PATCH, patch);
    }

    private static boolean isDocumentation(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        String name = lower.substring(lower.lastIndexOf('/') + 1);
        return name.startsWith("license") || name.startsWith("readme")
                || DOC_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    static boolean isArchitectureKey(String fileAndKey) {
        int colon = fileAndKey.indexOf(": ");
        String key = colon < 0 ? fileAndKey : fileAndKey.substring(colon + 2);
        if (HuggingFaceConfigInspector.ARCHITECTURE_KEYS.contains(key) || key.equals("general.architecture")
                || key.startsWith("onnx.opset.")) {
            return true;
        }
        for (String suffix : GGUF_ARCHITECTURE_SUFFIXES) {
            if (key.endsWith("." + suffix)) {
                return true;
            }
        }
        return false;
    }

    private static String nz(String s) {
        return Objects.requireNonNullElse(s, "∅");
    }
}
