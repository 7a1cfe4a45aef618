#include "api_key_formats.h"

namespace hearth::privacy::structured {

std::span<const ApiKeyFormat> api_key_formats() {
  // Lengths and alphabets come from each provider's documentation or its
  // published token format. Confidence is lower where the shape is looser
  // (a plain "sk-" prefix, Mailgun's "key-") or the key only reaches test
  // data (Stripe test mode: still a credential to a real account, so it is
  // reported, but at 0.7 so a policy can tell it from a live key).
  static constexpr ApiKeyFormat kFormats[] = {
      {"aws_access_key_id", R"(\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})", "", 20, 20, 4, 0.95f},
      {"github_token", R"(\bgh[pousr]_[A-Za-z0-9]{36})", "", 40, 40, 4, 0.97f},
      {"github_fine_grained_token", R"(\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{20})", "_", 82, 255,
       11, 0.97f},
      {"gitlab_token", R"(\bgl(?:pat|ptt|dt|rt|cbt|oas|soat)-[A-Za-z0-9_\-]{20})", "_-", 25, 90, 6,
       0.95f},
      {"slack_token", R"(\bxox[abposre]-[0-9]{6,13}-[0-9A-Za-z\-]{6})", "-", 24, 255, 5, 0.95f},
      {"slack_app_token", R"(\bxapp-[0-9]-[A-Z0-9]{6,12}-[0-9]{6})", "-", 30, 255, 5, 0.95f},
      {"stripe_live_key", R"(\b(?:sk|rk)_live_[A-Za-z0-9]{16})", "", 24, 255, 8, 0.97f},
      {"stripe_test_key", R"(\b(?:sk|rk)_test_[A-Za-z0-9]{16})", "", 24, 255, 8, 0.7f},
      {"stripe_webhook_secret", R"(\bwhsec_[A-Za-z0-9]{24})", "", 30, 80, 6, 0.9f, false,
       EntityType::secret},
      {"google_api_key", R"(\bAIza[0-9A-Za-z_\-]{35})", "_-", 39, 39, 4, 0.95f},
      {"google_oauth_client_secret", R"(\bGOCSPX-[A-Za-z0-9_\-]{28})", "_-", 35, 35, 7, 0.95f,
       false, EntityType::secret},
      {"google_oauth_access_token", R"(\bya29\.[0-9A-Za-z_\-]{30})", "_-", 35, 2048, 5, 0.9f},
      {"openai_project_key", R"(\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{20})", "_-", 40, 300, 8,
       0.95f},
      {"openai_key", R"(\bsk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})", "", 51, 51, 3, 0.97f},
      {"anthropic_key", R"(\bsk-ant-(?:api|admin|oat)[0-9]{2}-[A-Za-z0-9_\-]{20})", "_-", 40, 200,
       14, 0.97f},
      {"npm_token", R"(\bnpm_[A-Za-z0-9]{36})", "", 40, 40, 4, 0.95f},
      {"pypi_token", R"(\bpypi-Ag[A-Za-z0-9_\-]{60})", "_-", 67, 400, 5, 0.97f},
      {"huggingface_token", R"(\bhf_[A-Za-z0-9]{30})", "", 33, 43, 3, 0.9f},
      {"sendgrid_key", R"(\bSG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43})", "_-.", 69, 69, 3, 0.97f},
      {"twilio_sid", R"(\b(?:SK|AC)[0-9a-f]{32})", "", 34, 34, 2, 0.85f, true},
      {"digitalocean_token", R"(\bdo[por]_v1_[a-f0-9]{64})", "_", 71, 71, 7, 0.97f},
      {"shopify_token", R"(\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})", "_", 38, 38, 6, 0.95f},
      {"mailgun_key", R"(\bkey-[0-9a-z]{32})", "-", 36, 36, 4, 0.85f},
      {"mailchimp_key", R"(\b[0-9a-f]{32}-us[0-9]{1,2})", "-", 36, 37, 0, 0.9f},
      {"square_token", R"(\bsq0(?:atp|csp)-[0-9A-Za-z_\-]{22})", "_-", 29, 60, 7, 0.95f},
      {"atlassian_token", R"(\bATATT3[A-Za-z0-9_=\-]{40})", "_=-", 100, 300, 6, 0.95f},
      {"databricks_token", R"(\bdapi[a-f0-9]{32})", "-", 36, 38, 4, 0.9f},
      {"notion_token", R"(\b(?:secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{40}))", "_", 44, 60, 4, 0.9f},
      {"linear_key", R"(\blin_api_[A-Za-z0-9]{40})", "_", 48, 48, 8, 0.95f},
      {"postman_key", R"(\bPMAK-[a-f0-9]{24}-[a-f0-9]{34})", "-", 64, 64, 5, 0.95f},
      {"doppler_token", R"(\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40})", ".", 45, 60, 6,
       0.95f},
      {"vault_token", R"(\bhv[sb]\.[A-Za-z0-9_\-]{24})", "_-", 28, 200, 4, 0.9f, false,
       EntityType::secret},
      {"terraform_cloud_token", R"(\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=\-]{60})", "._=-", 83,
       120, 23, 0.95f},
      {"groq_key", R"(\bgsk_[A-Za-z0-9]{52})", "", 56, 56, 4, 0.95f},
      {"replicate_token", R"(\br8_[A-Za-z0-9]{37})", "", 40, 40, 3, 0.9f},
      {"telegram_bot_token", R"(\b[0-9]{8,10}:AA[A-Za-z0-9_\-]{33})", "_-:", 44, 46, 13, 0.9f},
      {"discord_bot_token", R"(\b[MN][A-Za-z0-9]{23}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27})",
       "._-", 59, 80, 0, 0.8f},
      {"firebase_cloud_messaging_key", R"(\bAAAA[A-Za-z0-9_\-]{7}:APA91b[A-Za-z0-9_\-]{60})",
       "_-:", 150, 200, 4, 0.9f},
      {"azure_client_secret", R"(\b[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.\-]{31})", "_~.-", 37, 40,
       6, 0.85f, false, EntityType::secret},
      {"age_secret_key", R"(\bAGE-SECRET-KEY-1[0-9A-Z]{58})", "-", 74, 74, 16, 0.97f},
  };
  return kFormats;
}

}  // namespace hearth::privacy::structured
