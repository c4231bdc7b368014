package dev.ccag.gateway.admin;

class RoleMatrixPostgresTest extends RoleMatrixTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
