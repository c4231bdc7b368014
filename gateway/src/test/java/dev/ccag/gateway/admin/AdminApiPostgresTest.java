package dev.ccag.gateway.admin;

class AdminApiPostgresTest extends AdminApiTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
