package dev.ccag.gateway.admin;

class MultiReplicaH2Test extends MultiReplicaTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
