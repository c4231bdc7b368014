package dev.ccag.gateway.budget;

import dev.ccag.gateway.admin.TestDatabase;

class BudgetReplicasPostgresTest extends BudgetReplicasTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
