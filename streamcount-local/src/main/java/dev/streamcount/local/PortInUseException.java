package dev.streamcount.local;

/** A local service could not bind its port because something else holds it. */
public class PortInUseException extends RuntimeException {
    private final String service;
    private final int port;

    public PortInUseException(String service, int port) {
        super(service + " cannot listen on 127.0.0.1:" + port + ": the port is in use");
        this.service = service;
        this.port = port;
    }

    public String service() {
        return service;
    }

    public int port() {
        return port;
    }
}
