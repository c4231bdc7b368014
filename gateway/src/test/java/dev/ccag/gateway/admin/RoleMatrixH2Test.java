package dev.ccag.gateway.admin;

class RoleMatrixH2Test extends RoleMatrixTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
