package dev.ccag.gateway.admin;

class SecretLeakH2Test extends SecretLeakTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
