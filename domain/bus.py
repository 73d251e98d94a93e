"""One registry maps every command to its handler, so all behaviour can be read in one place."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from domain import commands as c
from domain.handlers import (
    account,
    auth,
    coaching,
    devices,
    email_links,
    exercises,
    external_login,
    goals,
    history,
    imports,
    links,
    media,
    metrics,
    nutrition,
    plans,
    programs,
    push,
    reminders,
    routines,
    sessions,
    sets,
    sync,
    two_factor,
    webhooks,
    workouts,
)
from domain.uow import UnitOfWork

Handler = Callable[..., Awaitable[Any]]

HANDLERS: dict[type, Handler] = {
    c.Register: auth.register,
    c.LogIn: auth.log_in,
    c.Refresh: auth.refresh,
    c.LogOut: auth.log_out,
    c.CompleteLogIn: two_factor.complete_log_in,
    c.SetUpTwoFactor: two_factor.set_up_two_factor,
    c.EnableTwoFactor: two_factor.enable_two_factor,
    c.DisableTwoFactor: two_factor.disable_two_factor,
    c.RenewRecoveryCodes: two_factor.renew_recovery_codes,
    c.RequestEmailVerification: email_links.request_email_verification,
    c.VerifyEmail: email_links.verify_email,
    c.RequestPasswordReset: email_links.request_password_reset,
    c.ResetPassword: email_links.reset_password,
    c.RevokeSession: sessions.revoke_session,
    c.RevokeOtherSessions: sessions.revoke_other_sessions,
    c.UpdateProfile: auth.update_profile,
    c.CreateApiKey: auth.create_api_key,
    c.RevokeApiKey: auth.revoke_api_key,
    c.TouchApiKey: auth.touch_api_key,
    c.EraseAccount: account.erase_account,
    c.RecordExport: account.record_export,
    c.ChangePassword: account.change_password,
    c.ChangeEmail: account.change_email,
    c.CreateExercise: exercises.create_exercise,
    c.UpdateExercise: exercises.update_exercise,
    c.DeleteExercise: exercises.delete_exercise,
    c.StartWorkout: workouts.start_workout,
    c.CreateWorkout: workouts.create_workout,
    c.UpdateWorkout: workouts.update_workout,
    c.FinishWorkout: workouts.finish_workout,
    c.CancelWorkout: workouts.cancel_workout,
    c.DeleteWorkout: workouts.delete_workout,
    c.LogSets: sets.log_sets,
    c.UpdateSet: sets.update_set,
    c.DeleteSet: sets.delete_set,
    c.SyncWorkouts: sync.sync_workouts,
    c.ImportWorkouts: imports.import_workouts,
    c.UndoLastLog: history.undo_last_log,
    c.RepeatLastLog: history.repeat_last_log,
    c.CorrectLastLog: history.correct_last_log,
    c.CreateLinkCode: links.create_link_code,
    c.LinkChannel: links.link_channel,
    c.CreateRoutine: routines.create_routine,
    c.UpdateRoutine: routines.update_routine,
    c.DeleteRoutine: routines.delete_routine,
    c.CloneRoutine: routines.clone_routine,
    c.LogMetric: metrics.log_metric,
    c.LogMetrics: metrics.log_metrics,
    c.LogMeasurements: metrics.log_measurements,
    c.CreateGoal: goals.create_goal,
    c.UpdateGoal: goals.update_goal,
    c.DeleteGoal: goals.delete_goal,
    c.SavePlan: routines.save_plan,
    c.ConnectDevice: devices.connect_device,
    c.UpdateDeviceTokens: devices.update_device_tokens,
    c.SetDeviceStatus: devices.set_device_status,
    c.AdvanceDeviceCursor: devices.advance_device_cursor,
    c.DisconnectDevice: devices.disconnect_device,
    c.ForgetDeviceRecords: devices.forget_device_records,
    c.KeepDeviceAliases: devices.keep_device_aliases,
    c.StartDeviceSync: devices.start_device_sync,
    c.FinishDeviceSync: devices.finish_device_sync,
    c.CloneWorkout: plans.clone_workout,
    c.CompletePlannedSets: plans.complete_planned_sets,
    c.CreateProgram: programs.create_program,
    c.UpdateProgram: programs.update_program,
    c.DeleteProgram: programs.delete_program,
    c.AddMedia: media.add_media,
    c.DeleteMedia: media.delete_media,
    c.FavoriteExercise: exercises.favorite_exercise,
    c.UnfavoriteExercise: exercises.unfavorite_exercise,
    c.InviteTrainer: coaching.invite_trainer,
    c.RequestClient: coaching.request_client,
    c.AcceptTrainer: coaching.accept_trainer,
    c.AcceptClient: coaching.accept_client,
    c.ChangeTrainerAccess: coaching.change_trainer_access,
    c.EndTrainerGrant: coaching.end_trainer_grant,
    c.DropClient: coaching.drop_client,
    c.RecordTrainerRead: coaching.record_trainer_read,
    c.AssignRoutine: coaching.assign_routine,
    c.SetRole: coaching.set_role,
    c.BeginSignIn: external_login.begin_sign_in,
    c.ClaimSignIn: external_login.claim_sign_in,
    c.SignInWith: external_login.sign_in_with,
    c.CreateWebhook: webhooks.create_webhook,
    c.UpdateWebhook: webhooks.update_webhook,
    c.DeleteWebhook: webhooks.delete_webhook,
    c.RotateWebhookSecret: webhooks.rotate_webhook_secret,
    c.LogFoods: nutrition.log_foods,
    c.UpdateFoodLog: nutrition.update_food_log,
    c.DeleteFoodLog: nutrition.delete_food_log,
    c.DeleteFoodBatch: nutrition.delete_food_batch,
    c.CreateCustomFood: nutrition.create_custom_food,
    c.UpdateCustomFood: nutrition.update_custom_food,
    c.DeleteCustomFood: nutrition.delete_custom_food,
    c.CreateSavedMeal: nutrition.create_saved_meal,
    c.UpdateSavedMeal: nutrition.update_saved_meal,
    c.DeleteSavedMeal: nutrition.delete_saved_meal,
    c.LogSavedMeal: nutrition.log_saved_meal,
    c.SubscribePush: push.subscribe_push,
    c.UnsubscribePush: push.unsubscribe_push,
    c.CreateReminder: reminders.create_reminder,
    c.UpdateReminder: reminders.update_reminder,
    c.DeleteReminder: reminders.delete_reminder,
}


def inject(handler: Handler, dependencies: dict[str, Any]) -> Handler:
    """Bind the keyword-only parameters a handler declares (passwords=..., refresh_ttl=...)."""
    params = inspect.signature(handler).parameters
    wanted = {name: dependencies[name] for name, p in params.items() if p.kind is p.KEYWORD_ONLY}
    return functools.partial(handler, **wanted) if wanted else handler


class MessageBus:
    def __init__(self, uow: Callable[[], UnitOfWork], dependencies: dict[str, Any]) -> None:
        self._uow = uow
        self._handlers = {cmd: inject(h, dependencies) for cmd, h in HANDLERS.items()}

    async def handle(self, cmd: object) -> Any:
        handler = self._handlers.get(type(cmd))
        if handler is None:
            raise LookupError(f"no handler for {type(cmd).__name__}")
        async with self._uow() as uow:
            return await handler(cmd, uow)
