package dev.ccag.gateway.admin;

class MultiReplicaPostgresTest extends MultiReplicaTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
