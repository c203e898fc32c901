package dev.freshet.testsupport;

/** Where a test database lives, in the two URL forms the services need. */
public record DatabaseCoordinates(String host, int port, String database, String user, String password) {

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + database;
    }
}
