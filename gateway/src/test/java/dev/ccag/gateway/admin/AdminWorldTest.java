package dev.ccag.gateway.admin;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** One gateway on the subclass's database with the standard {@link World} of users, teams and keys. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AdminWorldTest {
    AdminHarness h;
    World w;

    abstract TestDatabase database();

    @BeforeAll
    void start() throws Exception {
        h = AdminHarness.start(database());
        w = World.build(h);
    }

    @AfterAll
    void stop() {
        if (h != null) h.close();
    }
}
