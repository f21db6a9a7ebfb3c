// Figure 8's load: `node bench/scrapers.mjs URL N` scrapes URL from N clients
// at once, each sending its next GET as soon as its last answer is read, on
// its own kept-alive connection. Runs in its own process so that the
// scrapers' work does not land on the event loop being measured. Prints
// "started" after every client's first answer, and on stdin's end the number
// of answers after that, then exits.
import { Agent, get } from 'node:http';

const [url, n] = [process.argv[2], Number(process.argv[3])];
let stopped = false;
let answers = 0;
let started = 0;

function client() {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let first = true;
  const next = () => {
    if (stopped) return agent.destroy();
    get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) {
          console.error(`scrapers: ${url} answered ${res.statusCode}`);
          process.exit(1);
        }
        if (first) {
          first = false;
          if (++started === n) console.log('started');
        } else if (started === n) answers++;
        next();
      });
    }).on('error', (err) => {
      console.error(`scrapers: ${err.message}`);
      process.exit(1);
    });
  };
  next();
}

for (let i = 0; i < n; i++) client();
process.stdin.resume();
process.stdin.on('end', () => {
  stopped = true;
  console.log(String(answers));
  process.exit(0);
});
