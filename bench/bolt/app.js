// The reference peer of bench/lean_run.sh (issue 18): a Bolt JS app over Socket Mode that
// answers /captain who statelessly, with a reply the size of ritualbot's, and no database.
// Pointed at the lean generator: Socket Mode reads its wss URL from apps.connections.open on
// SLACK_API_URL; Node trusts the generator's test CA through NODE_EXTRA_CA_CERTS.
const { App, LogLevel } = require('@slack/bolt');

const clientOptions = { slackApiUrl: process.env.SLACK_API_URL };
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  appToken: process.env.SLACK_APP_TOKEN,
  socketMode: true,
  logLevel: LogLevel.ERROR,
  clientOptions,
  installerOptions: { clientOptions },
});

const roster = ['U0BENCH1', 'U0BENCH2', 'U0BENCH3', 'U0BENCH4', 'U0BENCH5'];
const reply = process.env.BOLT_REPLY_TEXT ||
  `:ship: Today's captain is <@${roster[0]}>. Next up: <@${roster[1]}>.`;

app.command('/captain', async ({ ack }) => {
  await ack({ response_type: 'ephemeral', text: reply });
});

app.start().catch((error) => {
  console.error(error);
  process.exit(1);
});
