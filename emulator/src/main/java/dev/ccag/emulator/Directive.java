package dev.ccag.emulator;

/** One {@code [[emu:NAME ARGS]]} found in a user message; {@code args} is trimmed, possibly empty. */
record Directive(String name, String args) {
}
