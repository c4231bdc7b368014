package dev.ccag.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The least a JVM proxy can do, as a yardstick for the gateway (a benchmark tool, not part of CCAG):
 * one thread per client connection (virtual or platform), one upstream keep-alive connection of its
 * own, each message relayed whole as soon as its framing ({@code Content-Length} or chunked) says it
 * is complete. No parsing beyond that, no pool, no limits, loopback only. {@code bench/run.sh --floor
 * virtual|platform} puts it where nginx would be, so the report compares the gateway with a JVM
 * doing nothing but relaying, in the same run.
 */
public final class FloorProxy {
    private static final int MAX_MESSAGE = 32 << 20;

    private FloorProxy() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !(args[2].equals("virtual") || args[2].equals("platform"))) {
            System.err.println("usage: floor-proxy PORT UPSTREAM_PORT virtual|platform");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int upstream = Integer.parseInt(args[1]);
        Thread.Builder threads = args[2].equals("virtual") ? Thread.ofVirtual() : Thread.ofPlatform().stackSize(256 * 1024);
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
            System.out.println("floor proxy (" + args[2] + " threads) on 127.0.0.1:" + port + " -> 127.0.0.1:" + upstream);
            while (true) {
                Socket client = server.accept();
                threads.start(() -> serve(client, upstream));
            }
        }
    }

    static void serve(Socket client, int upstreamPort) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            InputStream fromClient = new BufferedInputStream(client.getInputStream(), 16 * 1024);
            OutputStream toClient = client.getOutputStream();
            InputStream fromUpstream = new BufferedInputStream(upstream.getInputStream(), 16 * 1024);
            OutputStream toUpstream = upstream.getOutputStream();
            Message m = new Message();
            while (m.read(fromClient)) {
                toUpstream.write(m.bytes, 0, m.length);
                if (!m.read(fromUpstream)) return;
                toClient.write(m.bytes, 0, m.length);
            }
        } catch (IOException e) {
            // a connection ended; the other side sees it closed
        }
    }

    /** One HTTP/1.1 message read whole into a reused buffer. */
    static final class Message {
        byte[] bytes = new byte[64 * 1024];
        int length;

        /** False at a clean end of the stream before a message. */
        boolean read(InputStream in) throws IOException {
            length = 0;
            int headEnd = -1;
            while (headEnd < 0) {
                int c = in.read();
                if (c < 0) {
                    if (length == 0) return false;
                    throw new IOException("stream ended inside a message head");
                }
                put((byte) c);
                if (length >= 4 && bytes[length - 1] == '\n' && bytes[length - 2] == '\r' && bytes[length - 3] == '\n'
                        && bytes[length - 4] == '\r') {
                    headEnd = length;
                }
            }
            String head = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            if (head.contains("\r\ntransfer-encoding: chunked")) {
                while (true) {
                    int lineStart = length;
                    do {
                        int c = in.read();
                        if (c < 0) throw new IOException("stream ended inside a chunk size");
                        put((byte) c);
                    } while (length - lineStart < 2 || bytes[length - 1] != '\n' || bytes[length - 2] != '\r');
                    String size = new String(bytes, lineStart, length - lineStart - 2, StandardCharsets.ISO_8859_1).split(";")[0].trim();
                    int n = Integer.parseInt(size, 16);
                    body(in, n + 2); // the data and its CRLF (after the last chunk: the final CRLF, no trailers)
                    if (n == 0) return true;
                }
            }
            int at = head.indexOf("\r\ncontent-length:");
            if (at >= 0) {
                int end = head.indexOf('\r', at + 2);
                body(in, Integer.parseInt(head.substring(at + "\r\ncontent-length:".length(), end).trim()));
            }
            return true;
        }

        private void body(InputStream in, int n) throws IOException {
            ensure(length + n);
            if (in.readNBytes(bytes, length, n) < n) throw new IOException("stream ended inside a body");
            length += n;
        }

        private void put(byte b) throws IOException {
            ensure(length + 1);
            bytes[length++] = b;
        }

        private void ensure(int size) throws IOException {
            if (size > MAX_MESSAGE) throw new IOException("message over " + MAX_MESSAGE + " bytes");
            if (size > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(size, bytes.length * 2));
        }
    }
}
