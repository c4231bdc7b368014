package dev.ccag.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DirectiveParserTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("no directives here", List.of()),
                Arguments.of("[[emu:text Hello, world!]]", List.of(new Directive("text", "Hello, world!"))),
                Arguments.of("say [[emu:think]] then [[emu:text ok]]",
                        List.of(new Directive("think", ""), new Directive("text", "ok"))),
                Arguments.of("[[emu:tool Read {\"file_path\":\"a.txt\"}]]",
                        List.of(new Directive("tool", "Read {\"file_path\":\"a.txt\"}"))),
                Arguments.of("[[emu:tool Edit {\"a\":[[1,2]],\"s\":\"]] and }\"}]] [[emu:chunks 4]]",
                        List.of(new Directive("tool", "Edit {\"a\":[[1,2]],\"s\":\"]] and }\"}"), new Directive("chunks", "4"))),
                Arguments.of("[[emu:tool Glob]]", List.of(new Directive("tool", "Glob"))),
                Arguments.of("[[emu:bash ls -la | head]]", List.of(new Directive("bash", "ls -la | head"))),
                Arguments.of("[[emu:fault throttling]][[emu:slow 250]]",
                        List.of(new Directive("fault", "throttling"), new Directive("slow", "250"))),
                Arguments.of("[[emu:midstream model-stream-error]]", List.of(new Directive("midstream", "model-stream-error"))),
                Arguments.of("multi\nline [[emu:text line one\nline two]]", List.of(new Directive("text", "line one\nline two"))),
                Arguments.of("unterminated [[emu:text oops", List.of()),
                Arguments.of("[[emu: nameless]] [[emu:maxtokens]]", List.of(new Directive("maxtokens", ""))));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void parses(String text, List<Directive> expected) {
        assertThat(DirectiveParser.parse(text)).containsExactlyElementsOf(expected);
    }
}
