package dev.ccag.gateway.admin;

class AdminApiH2Test extends AdminApiTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
