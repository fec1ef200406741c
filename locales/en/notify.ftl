# Pushed messages: reminders, alerts, farmer totals, signature requests (scheduler).
