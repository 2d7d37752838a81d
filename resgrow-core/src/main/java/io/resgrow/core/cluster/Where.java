package io.resgrow.core.cluster;

import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where a job ran: the machine's name and the process.
 *
 * @param host the host name (the JVM's name when the host has none)
 * @param pid the process id
 */
public record Where(String host, long pid) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Returns this process's place.
     *
     * @return the host and process id
     */
    public static Where here() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = ManagementFactory.getRuntimeMXBean().getName();
        }
        return new Where(host, ProcessHandle.current().pid());
    }

    @Override
    public String toString() {
        return host + " (pid " + pid + ")";
    }
}
