package dev.ccag.gateway.budget;

import dev.ccag.gateway.admin.TestDatabase;

class BudgetReplicasH2Test extends BudgetReplicasTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
