package dev.ccag.gateway.admin;

class BootstrapH2Test extends BootstrapTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
