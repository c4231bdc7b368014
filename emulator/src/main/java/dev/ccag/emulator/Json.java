package dev.ccag.emulator;

import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of the emulator (thread-safe, no per-request configuration). */
final class Json {
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}
}
