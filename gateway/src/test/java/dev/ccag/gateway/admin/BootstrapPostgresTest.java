package dev.ccag.gateway.admin;

class BootstrapPostgresTest extends BootstrapTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
