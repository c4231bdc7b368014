package dev.ccag.gateway.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The client's request as the pipeline reads it: the gateway's own HTTP front end gives it
 * ({@code frontend} package), or Tomcat through {@link ServletClient} for a connection the front end
 * handed over. Header names are case-insensitive; values are the bytes as ISO-8859-1, as Tomcat reads
 * them.
 */
public interface ClientRequest {
    String method();

    /** The path as sent (percent-encoding kept), without the query string. */
    String path();

    /** The first value of the header, or null. */
    String header(String name);

    /** Every value of the header in the order received (a comma-separated value stays one element). */
    List<String> headers(String name);

    /** The declared Content-Length, or -1 when the body is chunked or absent. */
    long contentLength();

    /** The body, as sent; read at most once. */
    InputStream body() throws IOException;

    /** A query parameter, percent- and plus-decoded as UTF-8, or null. */
    String queryParameter(String name);
}
