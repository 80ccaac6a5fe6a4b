package io.tariffwatch.ingest.service;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tariffwatch.events.PolicyEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * What tells a repeat of an event from another event under its id: SHA-256 of its JSON with object keys sorted and
 * numbers written as their plain decimal text, so that key order, a field sent as null (the record does not hold
 * it) or a number's spelling ({@code 25}, {@code 25.0}) does not make a different event. The hashes are stored, so
 * these bytes never change (ContentHashTest). Written straight into the digest, without a sorted copy of the tree;
 * most of the ~10 µs a hash costs under C1 is the tree itself and SHA-256, whose intrinsic is C2's.
 */
final class ContentHash {
    private ContentHash() {
    }

    static String of(ObjectMapper mapper, PolicyEvent event) {
        MessageDigest sha256 = sha256();
        try (JsonGenerator json = mapper.createGenerator(new DigestOutputStream(OutputStream.nullOutputStream(), sha256))) {
            writeCanonical(json, mapper.valueToTree(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void writeCanonical(JsonGenerator json, JsonNode node) throws IOException {
        if (node.isObject()) {
            List<String> names = new ArrayList<>(node.size());
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            json.writeStartObject();
            for (String name : names) {
                json.writeFieldName(name);
                writeCanonical(json, node.get(name));
            }
            json.writeEndObject();
        } else if (node.isArray()) {
            json.writeStartArray();
            for (JsonNode element : node) {
                writeCanonical(json, element);
            }
            json.writeEndArray();
        } else if (node.isNumber()) {
            json.writeString(node.decimalValue().stripTrailingZeros().toPlainString());
        } else if (node.isTextual()) {
            json.writeString(node.textValue());
        } else if (node.isBoolean()) {
            json.writeBoolean(node.booleanValue());
        } else if (node.isNull()) {
            json.writeNull();
        } else {
            // written through the mapper, which flushes after each value: leaves above are written directly
            json.writeTree(node);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
