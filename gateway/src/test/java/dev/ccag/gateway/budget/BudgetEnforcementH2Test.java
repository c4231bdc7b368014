package dev.ccag.gateway.budget;

import dev.ccag.gateway.admin.TestDatabase;

class BudgetEnforcementH2Test extends BudgetEnforcementTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
