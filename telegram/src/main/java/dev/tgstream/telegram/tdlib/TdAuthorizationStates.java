package dev.tgstream.telegram.tdlib;

/**
 * The {@code @type} names of TDLib's {@code AuthorizationState} objects (td_api.tl), as constants so a misspelt name
 * is a compile error rather than a wait that never ends.
 */
public final class TdAuthorizationStates {

  public static final String UPDATE = "updateAuthorizationState";
  public static final String WAIT_TDLIB_PARAMETERS = "authorizationStateWaitTdlibParameters";
  public static final String WAIT_PHONE_NUMBER = "authorizationStateWaitPhoneNumber";
  public static final String WAIT_CODE = "authorizationStateWaitCode";
  public static final String WAIT_PASSWORD = "authorizationStateWaitPassword";
  public static final String WAIT_EMAIL_ADDRESS = "authorizationStateWaitEmailAddress";
  public static final String WAIT_EMAIL_CODE = "authorizationStateWaitEmailCode";
  public static final String WAIT_REGISTRATION = "authorizationStateWaitRegistration";
  public static final String WAIT_OTHER_DEVICE_CONFIRMATION = "authorizationStateWaitOtherDeviceConfirmation";
  public static final String WAIT_PREMIUM_PURCHASE = "authorizationStateWaitPremiumPurchase";
  public static final String READY = "authorizationStateReady";
  public static final String LOGGING_OUT = "authorizationStateLoggingOut";
  public static final String CLOSING = "authorizationStateClosing";
  public static final String CLOSED = "authorizationStateClosed";

  private TdAuthorizationStates() {
  }
}
