package io.safetywatcher.shell.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML or JSON (JSON is YAML, but a .json file gets the stricter JSON parser and its
 * messages) into {@link LocatedNode}s, keeping each value's line. Duplicate keys are refused.
 */
public final class LocatedReader {
    private LocatedReader() {}

    public static LocatedNode read(String fileName, String content) {
        JsonFactory factory = fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".json") ? new JsonFactory() : new YAMLFactory();
        try (JsonParser p = factory.createParser(content)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new FileProblem(fileName, 1, "", "the file is empty");
            }
            LocatedNode root = value(fileName, p, "");
            if (p.nextToken() != null) {
                throw new FileProblem(fileName, line(p.currentTokenLocation()), "", "unexpected content after the document");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new FileProblem(fileName, loc == null ? 0 : loc.getLineNr(), "", "not valid "
                    + (factory instanceof YAMLFactory ? "YAML" : "JSON") + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LocatedNode value(String file, JsonParser p, String path) throws IOException {
        JsonToken t = p.currentToken();
        int line = line(p.currentTokenLocation());
        switch (t) {
            case START_OBJECT -> {
                Map<String, LocatedNode> fields = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    int nameLine = line(p.currentTokenLocation());
                    String childPath = path.isEmpty() ? name : path + "." + name;
                    if (fields.containsKey(name)) {
                        throw new FileProblem(file, nameLine, childPath, "appears twice");
                    }
                    p.nextToken();
                    LocatedNode child = value(file, p, childPath);
                    fields.put(name, child);
                }
                return new LocatedNode(file, path, line, LocatedNode.Kind.OBJECT, fields, null, null, false, false);
            }
            case START_ARRAY -> {
                List<LocatedNode> items = new ArrayList<>();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(file, p, path + "[" + i++ + "]"));
                }
                return new LocatedNode(file, path, line, LocatedNode.Kind.ARRAY, null, items, null, false, false);
            }
            case VALUE_NULL -> {
                return new LocatedNode(file, path, line, LocatedNode.Kind.NULL, null, null, null, false, false);
            }
            default -> {
                boolean number = t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT;
                return new LocatedNode(file, path, line, LocatedNode.Kind.SCALAR, null, null, p.getText(),
                        t == JsonToken.VALUE_STRING && !number, number);
            }
        }
    }

    private static int line(JsonLocation loc) { return loc == null ? 0 : loc.getLineNr(); }
}
