using SmartRec.Contracts;
using SmartRec.Contracts.Installments;

namespace SmartRec.Domain.Billing;

/// <summary>Rules of an installment plan's schedule: it adds up to the total, and no installment is in the past (R9, R10).</summary>
public static class InstallmentSchedules
{
    public const int MaxInstallments = 36;

    /// <summary>Checks a proposed schedule: 1..36 installments, each positive, in the currency, none before today, adding up to the total.</summary>
    public static void Validate(Money total, IReadOnlyList<NewInstallment> installments, DateOnly today)
    {
        if (installments is null || installments.Count is 0 or > MaxInstallments)
        {
            throw DomainException.Invalid("plan.installment_count", $"A plan has 1 to {MaxInstallments} installments.", "installments");
        }

        for (var i = 0; i < installments.Count; i++)
        {
            if (installments[i] is null)
            {
                throw DomainException.Invalid("plan.installment_missing", $"'installments[{i}]' must be an installment, not null.", $"installments[{i}]");
            }

            Amounts.RequirePositive(installments[i].Amount, total.Currency, $"installments[{i}].amount");
            RequireNotPast(installments[i].DueDate, today, $"installments[{i}].dueDate");
        }

        var sum = installments.Aggregate(Money.Zero(total.Currency), (acc, i) => acc + i.Amount);
        if (sum != total)
        {
            throw DomainException.Rule("plan.total_mismatch",
                $"The installments add up to {sum.Minor} but the plan is for {total.Minor} (minor units of {total.Currency}).", "installments");
        }
    }

    public static void RequireNotPast(DateOnly dueDate, DateOnly today, string field)
    {
        if (dueDate < today)
        {
            throw DomainException.Invalid("plan.date_in_past", $"'{field}' must be today or later.", field);
        }
    }

    /// <summary>Splits a total into equal installments, the remainder going to the first ones so no cent is lost.</summary>
    public static IReadOnlyList<long> SplitEvenly(long total, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(total, count);
        var share = total / count;
        var remainder = total % count;
        return [.. Enumerable.Range(0, count).Select(i => share + (i < remainder ? 1 : 0))];
    }

    /// <summary>
    /// Changes one uncharged installment's amount and moves the difference to the next uncharged one (or, for the
    /// last, the previous uncharged one), so the plan's total does not change (R10). Returns the new amounts.
    /// </summary>
    /// <param name="amounts">Every installment's amount, in order.</param>
    /// <param name="charged">Which installments are charged already and may not change.</param>
    public static long[] Rebalance(IReadOnlyList<long> amounts, IReadOnlyList<bool> charged, int index, long newAmount)
    {
        if (newAmount <= 0)
        {
            throw DomainException.Invalid("amount.not_positive", "'amount' must be more than zero.", "amount");
        }

        var result = amounts.ToArray();
        var absorber = Enumerable.Range(index + 1, amounts.Count - index - 1).Where(i => !charged[i]).Cast<int?>().FirstOrDefault()
            ?? Enumerable.Range(0, index).Reverse().Where(i => !charged[i]).Cast<int?>().FirstOrDefault()
            ?? throw DomainException.Rule("plan.nothing_to_rebalance",
                "This is the only installment left to charge; its amount is what remains of the plan.", "amount");
        var difference = checked(newAmount - result[index]);
        result[index] = newAmount;
        result[absorber] = checked(result[absorber] - difference);
        return result[absorber] > 0
            ? result
            : throw DomainException.Rule("plan.total_mismatch",
                "That amount is more than the rest of the plan; the other installments would drop to zero or below.", "amount");
    }
}
