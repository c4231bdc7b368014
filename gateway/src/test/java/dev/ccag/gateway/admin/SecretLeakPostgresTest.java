package dev.ccag.gateway.admin;

class SecretLeakPostgresTest extends SecretLeakTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
