package dev.ccag.gateway.bedrock;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The part of a streaming parser's reading that {@link BodyRewriter} uses, so that it can read a body's
 * {@link JsonTape} (recorded when the body arrived) or, without one, Jackson's tokeniser.
 */
interface Tokens {
    /** The next token, or null after the last. */
    JsonToken nextToken();

    JsonToken currentToken();

    /** The key's name, with the reader on a {@link JsonToken#PROPERTY_NAME}. */
    String currentName();

    /** With the reader on a container's start, moves to its end; otherwise does nothing. */
    void skipChildren();

    /** A scalar's text: a string decoded, anything else as written. */
    String getString();

    /** The byte offset where the current token starts (a key's or string's opening quote). */
    int start();

    /** Jackson's tokeniser reading the body. */
    static Tokens of(JsonParser p) {
        return new Tokens() {
            @Override
            public JsonToken nextToken() {
                return p.nextToken();
            }

            @Override
            public JsonToken currentToken() {
                return p.currentToken();
            }

            @Override
            public String currentName() {
                return p.currentName();
            }

            @Override
            public void skipChildren() {
                p.skipChildren();
            }

            @Override
            public String getString() {
                return p.getString();
            }

            @Override
            public int start() {
                return (int) p.currentTokenLocation().getByteOffset();
            }
        };
    }
}
